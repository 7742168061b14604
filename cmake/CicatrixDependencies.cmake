# Finds every third-party dependency (all from Debian packages; scripts/install-deps.sh).
# Exposes imported targets; third-party headers are included as SYSTEM so their warnings stay out.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(OpenGL REQUIRED)
find_package(glfw3 REQUIRED)
find_package(OpenCV 4.6 REQUIRED COMPONENTS core imgproc imgcodecs)
find_package(SQLiteCpp REQUIRED)
find_package(nlohmann_json REQUIRED)
find_package(CLI11 REQUIRED)
find_package(OpenSSL REQUIRED COMPONENTS Crypto)
pkg_check_modules(EXIF REQUIRED IMPORTED_TARGET libexif)
pkg_check_modules(TURBOJPEG REQUIRED IMPORTED_TARGET libturbojpeg)
# telemonitoring enrolment: Ed25519 tokens (libsodium), QR codes (libqrencode); PDFs (cairo)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
pkg_check_modules(QRENCODE REQUIRED IMPORTED_TARGET libqrencode)
pkg_check_modules(CAIRO REQUIRED IMPORTED_TARGET cairo)

# Debian's Dear ImGui 1.86: one static library holding the core and the GLFW/OpenGL3 backends.
# Its pkg-config file pulls in stb (font rasteriser and rect packer).
pkg_check_modules(IMGUI REQUIRED IMPORTED_TARGET imgui)
find_path(IMGUI_INCLUDE_DIR imgui.h PATH_SUFFIXES imgui REQUIRED)
add_library(cicatrix_imgui INTERFACE)
target_include_directories(cicatrix_imgui SYSTEM INTERFACE ${IMGUI_INCLUDE_DIR}
                                                           ${IMGUI_INCLUDE_DIR}/backends)
target_link_libraries(cicatrix_imgui INTERFACE PkgConfig::IMGUI glfw OpenGL::GL ${CMAKE_DL_LIBS})
add_library(cicatrix::imgui ALIAS cicatrix_imgui)
find_package(fmt REQUIRED)
