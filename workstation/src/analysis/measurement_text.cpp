#include "workstation/analysis/measurement_text.hpp"

#include <fmt/format.h>

namespace cicatrix::workstation {

bool unreliableCalibration(const Analysis& a) {
    return a.calibrationQuality && *a.calibrationQuality == "unreliable";
}

std::string areaText(const Analysis& a) {
    if (!a.areaCm2)
        return fmt::format("not calibrated ({:.0f} px)", a.areaPx);
    if (unreliableCalibration(a)) {
        std::string range;
        if (a.areaCm2Ci95) {  // one decimal, two when one would hide the range
            const auto& r = *a.areaCm2Ci95;
            range = fmt::format("{:.1f}", r.low) != fmt::format("{:.1f}", r.high)
                        ? fmt::format(" ({:.1f}–{:.1f})", r.low, r.high)
                        : fmt::format(" ({:.2f}–{:.2f})", r.low, r.high);
        }
        return fmt::format("≈{:.1f} cm²{}, unreliable", *a.areaCm2, range);
    }
    if (a.areaCm2Ci95)
        return fmt::format("{:.2f} cm² ({:.2f}–{:.2f})", *a.areaCm2, a.areaCm2Ci95->low,
                           a.areaCm2Ci95->high);
    return fmt::format("{:.2f} cm²", *a.areaCm2);
}

std::string sizeText(const Analysis& a) {
    if (!a.lengthMm || !a.widthMm)
        return fmt::format("{:.0f} × {:.0f} px", a.lengthPx, a.widthPx);
    if (unreliableCalibration(a))
        return fmt::format("≈{:.0f} × {:.0f} mm, unreliable", *a.lengthMm, *a.widthMm);
    if (a.lengthMmCi95 && a.widthMmCi95)
        return fmt::format("{:.1f} × {:.1f} mm ({:.1f}–{:.1f} × {:.1f}–{:.1f})", *a.lengthMm,
                           *a.widthMm, a.lengthMmCi95->low, a.lengthMmCi95->high,
                           a.widthMmCi95->low, a.widthMmCi95->high);
    return fmt::format("{:.1f} × {:.1f} mm", *a.lengthMm, *a.widthMm);
}

std::string calibrationVerdict(const Analysis& a) {
    if (!a.calibrationQuality)
        return {};
    std::string text = unreliableCalibration(a) ? "UNRELIABLE" : *a.calibrationQuality;
    if (!a.calibrationReasons.empty())
        text += " — " + a.calibrationReasons.front();
    return text;
}

std::string outlineText(const Analysis& a) {
    if (a.maskSource != "model")
        return "manual mask";
    std::string text = a.modelName.value_or("?") + " " + a.modelVersion.value_or("?");
    if (a.modelPipeline)
        text += fmt::format(" (pipeline {})", *a.modelPipeline);
    return text;
}

}  // namespace cicatrix::workstation
