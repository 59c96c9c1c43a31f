#include "arguments.h"

#include <cmath>
#include <string>

namespace linux_netlink {

namespace {

// How Node's errors show what they were given: the type for a wrong type, the value for one out of range.
std::string TypeOf(napi_env env, napi_value value) {
  napi_valuetype type = napi_undefined;
  if (napi_typeof(env, value, &type) != napi_ok) return "an unknown value";
  switch (type) {
    case napi_undefined: return "undefined";
    case napi_null: return "null";
    case napi_boolean: return "type boolean";
    case napi_number: return "type number";
    case napi_string: return "type string";
    case napi_symbol: return "type symbol";
    case napi_function: return "function";
    case napi_bigint: return "type bigint";
    default: break;
  }
  // An object: named by its constructor, as Node does ("an instance of Uint16Array").
  napi_value constructor, name;
  bool threw = false;
  char buffer[64];
  size_t length = 0;
  if (napi_get_named_property(env, value, "constructor", &constructor) == napi_ok &&
      napi_get_named_property(env, constructor, "name", &name) == napi_ok &&
      napi_is_exception_pending(env, &threw) == napi_ok && !threw &&
      napi_get_value_string_utf8(env, name, buffer, sizeof buffer, &length) == napi_ok && length > 0) {
    return "an instance of " + std::string(buffer, length);
  }
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (pending) {
    napi_value ignored;
    napi_get_and_clear_last_exception(env, &ignored);  // a throwing getter: the message does without the name
  }
  return "an object";
}

std::string Shown(napi_env env, napi_value value) {
  napi_valuetype type = napi_undefined;
  napi_value text;
  if (napi_typeof(env, value, &type) != napi_ok || type != napi_number ||
      napi_coerce_to_string(env, value, &text) != napi_ok) {
    return TypeOf(env, value);
  }
  char buffer[64];
  size_t length = 0;
  if (napi_get_value_string_utf8(env, text, buffer, sizeof buffer, &length) != napi_ok) return "a number";
  return std::string(buffer, length);
}

void Throw(napi_env env, bool range, const char* code, const std::string& message) {
  bool pending = false;
  if (napi_is_exception_pending(env, &pending) == napi_ok && pending) return;
  napi_value codeValue, messageValue, error;
  if (napi_create_string_utf8(env, code, NAPI_AUTO_LENGTH, &codeValue) != napi_ok ||
      napi_create_string_utf8(env, message.c_str(), message.size(), &messageValue) != napi_ok) {
    return;
  }
  napi_status made = range ? napi_create_range_error(env, codeValue, messageValue, &error)
                           : napi_create_type_error(env, codeValue, messageValue, &error);
  if (made == napi_ok) napi_throw(env, error);
}

}  // namespace

void ThrowInvalidArgType(napi_env env, const char* name, const char* expected, napi_value actual) {
  Throw(env, false, "ERR_INVALID_ARG_TYPE",
        std::string("The \"") + name + "\" argument must be " + expected + ". Received " + TypeOf(env, actual));
}

void ThrowOutOfRange(napi_env env, const char* name, const char* range, napi_value actual) {
  Throw(env, true, "ERR_OUT_OF_RANGE",
        std::string("The value of \"") + name + "\" is out of range. It must be " + range + ". Received " +
            Shown(env, actual));
}

void ThrowInvalidArgValue(napi_env env, const char* name, const char* reason) {
  Throw(env, false, "ERR_INVALID_ARG_VALUE", std::string("The argument \"") + name + "\" " + reason);
}

bool IntegerArgument(napi_env env, napi_value value, const char* name, double min, double max, double* out) {
  double number = 0;
  // napi_get_value_double refuses anything but a number, in one call instead of a type check and a read.
  if (napi_get_value_double(env, value, &number) != napi_ok) {
    ThrowInvalidArgType(env, name, "of type number", value);
    return false;
  }
  if (!(number >= min && number <= max) || std::trunc(number) != number) {
    std::string range = "an integer >= " + std::to_string(static_cast<long long>(min)) +
                        " and <= " + std::to_string(static_cast<long long>(max));
    ThrowOutOfRange(env, name, range.c_str(), value);
    return false;
  }
  *out = number;
  return true;
}

bool Uint32Argument(napi_env env, napi_value value, const char* name, uint32_t* out) {
  double number = 0;
  if (!IntegerArgument(env, value, name, 0, 4294967295.0, &number)) return false;
  *out = static_cast<uint32_t>(number);
  return true;
}

bool Int32Argument(napi_env env, napi_value value, const char* name, int32_t min, int32_t max, int32_t* out) {
  double number = 0;
  if (!IntegerArgument(env, value, name, min, max, &number)) return false;
  *out = static_cast<int32_t>(number);
  return true;
}

bool BooleanArgument(napi_env env, napi_value value, const char* name, bool* out) {
  if (napi_get_value_bool(env, value, out) == napi_ok) return true;
  ThrowInvalidArgType(env, name, "of type boolean", value);
  return false;
}

bool TypedArrayArgument(napi_env env, napi_value value, const char* name, napi_typedarray_type wanted,
                        const char* expected, void** data, size_t* length) {
  napi_typedarray_type type;
  // napi_get_typedarray_info itself refuses what is not a typed array: no separate napi_is_typedarray (sendReceive
  // runs once per lookup).
  if (napi_get_typedarray_info(env, value, &type, length, data, nullptr, nullptr) != napi_ok || type != wanted ||
      (*data == nullptr && *length != 0)) {
    ThrowInvalidArgType(env, name, expected, value);
    return false;
  }
  return true;
}

bool BytesArgument(napi_env env, napi_value value, const char* name, uint8_t** data, size_t* length) {
  void* bytes = nullptr;
  if (!TypedArrayArgument(env, value, name, napi_uint8_array, "a Buffer or Uint8Array", &bytes, length)) return false;
  *data = static_cast<uint8_t*>(bytes);
  return true;
}

}  // namespace linux_netlink
