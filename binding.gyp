{
  "targets": [
    {
      "target_name": "linux_netlink",
      "sources": [
        "native/addon.cc",
        "native/arguments.cc",
        "native/batch_memory.cc",
        "native/glibc_compat.cc",
        "native/netlink_socket.cc",
        "native/open_socket.cc",
        "native/receive_arena.cc",
        "native/receive_thread.cc",
        "native/socket_receive.cc",
        "native/socket_send.cc"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_DISABLE_CPP_EXCEPTIONS", "NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS"],
      "cflags!": ["-fno-exceptions", "-O3"],
      "cflags_cc!": ["-fno-exceptions", "-std=gnu++17", "-std=gnu++14", "-O3"],
      "cflags": ["-O2"],
      "cflags_cc": ["-std=c++17", "-O2", "-fexceptions", "-Wall", "-Wextra", "-Wno-unused-parameter",
                    "<!@(sh -c 'echo | ${CXX:-c++} -x c++ -fno-gnu-unique -fsyntax-only - >/dev/null 2>&1 && echo -fno-gnu-unique || true')"]
    }
  ]
}
