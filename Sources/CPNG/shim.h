// libpng 1.6 (Debian: libpng-dev; macOS: Homebrew libpng).
#include <png.h>
