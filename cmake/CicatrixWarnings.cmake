# cicatrix_warnings(target): the project's warning set, applied to our own targets only, and the
# standard library's cheap precondition checks (front() of an empty vector, index out of range)
# turned on, so such a mistake stops the program instead of reading garbage.
function(cicatrix_warnings target)
  target_compile_definitions(${target} PRIVATE _GLIBCXX_ASSERTIONS)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                           -Wold-style-cast -Wcast-align -Woverloaded-virtual)
endfunction()
