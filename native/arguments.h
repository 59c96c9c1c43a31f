// Checks of the values JavaScript hands the addon, failing with Node's own error codes (ERR_INVALID_ARG_TYPE,
// ERR_OUT_OF_RANGE, ERR_INVALID_ARG_VALUE). lib/socket checks everything before calling, with the same codes;
// these are for the binding reached directly, which must never act on a value it misread (a NaN protocol taken
// as 0, an fd of 2^40 taken as fd 0, a program of 65,537 instructions taken as one).
#pragma once

#include <node_api.h>

#include <cstddef>
#include <cstdint>

namespace linux_netlink {

// Each returns true with *out set, or throws (a pending JavaScript exception) and returns false.

// A number that is an integer in [min, max].
bool IntegerArgument(napi_env env, napi_value value, const char* name, double min, double max, double* out);
bool Uint32Argument(napi_env env, napi_value value, const char* name, uint32_t* out);
bool Int32Argument(napi_env env, napi_value value, const char* name, int32_t min, int32_t max, int32_t* out);
bool BooleanArgument(napi_env env, napi_value value, const char* name, bool* out);
// A typed array of one element type (`expected` says which, for the error): its data and element count. A
// detached buffer's view has neither, so nothing is ever written through a bad pointer.
bool TypedArrayArgument(napi_env env, napi_value value, const char* name, napi_typedarray_type wanted,
                        const char* expected, void** data, size_t* length);
// A Uint8Array (a Buffer is one): its bytes and length.
bool BytesArgument(napi_env env, napi_value value, const char* name, uint8_t** data, size_t* length);

void ThrowInvalidArgType(napi_env env, const char* name, const char* expected, napi_value actual);
void ThrowOutOfRange(napi_env env, const char* name, const char* range, napi_value actual);
void ThrowInvalidArgValue(napi_env env, const char* name, const char* reason);

}  // namespace linux_netlink
