// String forms of the enums stored in the database.
#include "library/records.hpp"

#include <array>
#include <utility>

namespace cicatrix::library {

namespace {
// The one list of photo sources: value, stored name (in the order the UI offers them), display.
constexpr std::array<std::pair<PhotoSource, std::string_view>, 4> kSources{{
    {PhotoSource::Clinic, "clinic"},
    {PhotoSource::HomeNurse, "home_nurse"},
    {PhotoSource::Patient, "patient"},
    {PhotoSource::Imported, "imported"},
}};
constexpr std::array<PhotoSource, 4> kSourceValues{kSources[0].first, kSources[1].first,
                                                   kSources[2].first, kSources[3].first};
constexpr std::array<std::string_view, 4> kSourceNames{kSources[0].second, kSources[1].second,
                                                       kSources[2].second, kSources[3].second};
constexpr std::array<std::pair<CaptureTimeSource, std::string_view>, 5> kTimeSources{{
    {CaptureTimeSource::Exif, "exif"},
    {CaptureTimeSource::FileTime, "file_time"},
    {CaptureTimeSource::Manual, "manual"},
    {CaptureTimeSource::Dicom, "dicom"},
    {CaptureTimeSource::DicomApproximate, "dicom_approximate"},
}};
constexpr std::array<std::string_view, 9> kEtiologies{"pressure", "diabetic_foot", "venous",
                                                      "arterial", "surgical_site", "traumatic",
                                                      "burn",     "other",         "unknown"};
constexpr std::array<std::string_view, 5> kLateralities{"left", "right", "bilateral", "midline",
                                                        "unspecified"};
constexpr std::array<std::string_view, 4> kStatuses{"open", "healing", "healed", "closed"};

template <typename E, std::size_t N>
std::optional<E> lookup(const std::array<std::pair<E, std::string_view>, N>& table,
                        std::string_view text) {
    for (const auto& [value, name] : table) {
        if (name == text) {
            return value;
        }
    }
    return std::nullopt;
}

template <typename E, std::size_t N>
std::string_view nameOf(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
    for (const auto& [v, name] : table) {
        if (v == value) {
            return name;
        }
    }
    return "?";
}
}  // namespace

std::string_view toString(PhotoSource source) {
    return nameOf(kSources, source);
}
std::string_view toString(CaptureTimeSource source) {
    return nameOf(kTimeSources, source);
}
std::optional<PhotoSource> photoSourceFromString(std::string_view text) {
    return lookup(kSources, text);
}
std::optional<CaptureTimeSource> captureTimeSourceFromString(std::string_view text) {
    return lookup(kTimeSources, text);
}

std::string_view displayName(PhotoSource source) {
    switch (source) {
        case PhotoSource::Clinic:
            return "Clinic";
        case PhotoSource::HomeNurse:
            return "Home nurse";
        case PhotoSource::Patient:
            return "Patient";
        case PhotoSource::Imported:
            return "Imported";
    }
    return "?";
}

std::span<const PhotoSource> photoSources() {
    return kSourceValues;
}
std::span<const std::string_view> photoSourceNames() {
    return kSourceNames;
}

std::span<const std::string_view> woundEtiologies() {
    return kEtiologies;
}
std::span<const std::string_view> woundLateralities() {
    return kLateralities;
}
std::span<const std::string_view> woundStatuses() {
    return kStatuses;
}

}  // namespace cicatrix::library
