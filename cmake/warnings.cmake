# Warnings are errors for everything we write.
add_library(polyvm_warnings INTERFACE)
target_compile_options(polyvm_warnings INTERFACE
  -Wall -Wextra -Werror -Wshadow -Wnon-virtual-dtor -Wcast-align -Wunused -Woverloaded-virtual
  -Wimplicit-fallthrough -Wno-missing-field-initializers)
