// libtiff 4 (Debian: libtiff-dev; macOS: Homebrew libtiff).
#include <tiffio.h>
