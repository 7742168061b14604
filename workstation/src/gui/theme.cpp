// Source colours: distinct hues that stay apart for common colour-vision deficiencies.
#include "workstation/gui/theme.hpp"

namespace cicatrix::workstation::theme {

ImU32 sourceColor(PhotoSource source) {
    switch (source) {
        case PhotoSource::Clinic:
            return IM_COL32(70, 140, 230, 255);  // blue
        case PhotoSource::HomeNurse:
            return IM_COL32(240, 150, 40, 255);  // orange
        case PhotoSource::Patient:
            return IM_COL32(200, 90, 200, 255);  // magenta
        case PhotoSource::Imported:
            return IM_COL32(150, 150, 150, 255);  // grey
    }
    return IM_COL32(150, 150, 150, 255);
}

}  // namespace cicatrix::workstation::theme
