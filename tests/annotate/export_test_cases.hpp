// Test helpers for the dataset export tests: synthetic cases (photos, tissue label maps with
// unsure patches, patient keys full of PHI), a temp folder, and reading files back.
// Single-threaded test code.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <random>
#include <string>
#include <vector>

#include "annotate/dataset_export.hpp"

namespace cicatrix::annotate::test {

// One patient key per patient: names, birth dates and hospital ids that must never be written.
inline const std::vector<std::string>& patientKeys() {
    static const std::vector<std::string> keys{
        "DUPONT Jeanne 1950-03-07 IPP12345",   "MARTIN Louis 1962-11-23 IPP67890",
        "BERNARD Chloe 1948-06-30 IPP24680",   "PETITJEAN Marcel 1939-01-15 IPP13579",
        "LEFEVRE Odile 1971-09-02 IPP11223",   "ROUSSEAU Gaston 1955-12-24 IPP44556",
        "FONTAINE Simone 1944-04-18 IPP77889",
    };
    return keys;
}

// `patients` patients with 1..3 cases each (ids case_0001…); labels mix background, tissues 1..6
// and unsure (255) patches when `unsure`.
inline std::vector<ExportCase> makeCases(int patients, bool unsure = true, int seed = 1) {
    std::mt19937 rng(static_cast<std::uint32_t>(seed));
    std::vector<ExportCase> cases;
    int next = 1;
    for (int p = 0; p < patients; ++p) {
        const int count = 1 + (p % 3);
        for (int k = 0; k < count; ++k) {
            ExportCase c;
            c.caseId = cv::format("case_%04d", next++);
            c.patientKey = patientKeys()[static_cast<std::size_t>(p) % patientKeys().size()];
            const int w = 48 + static_cast<int>(rng() % 24);
            const int h = 40 + static_cast<int>(rng() % 24);
            c.image = cv::Mat(h, w, CV_8UC3);
            cv::randu(c.image, cv::Scalar::all(0), cv::Scalar::all(256));
            c.labels = cv::Mat(h, w, CV_8UC1, cv::Scalar(0));
            const int tissues = 1 + static_cast<int>(rng() % 6);
            for (int t = 0; t < tissues; ++t) {
                const auto id = static_cast<int>(1 + rng() % 6);
                const cv::Point centre(static_cast<int>(rng() % static_cast<unsigned>(w)),
                                       static_cast<int>(rng() % static_cast<unsigned>(h)));
                cv::circle(c.labels, centre, 4 + static_cast<int>(rng() % 10), cv::Scalar(id),
                           cv::FILLED);
            }
            if (unsure && k == 0) {
                c.labels(cv::Rect(0, 0, 6, 5)).setTo(255);
            }
            cases.push_back(std::move(c));
        }
    }
    return cases;
}

// A fresh folder under the system temp folder, removed at the end of the test.
class TempFolder {
  public:
    TempFolder() {
        std::random_device device;
        m_path = std::filesystem::temp_directory_path() /
                 ("cicatrix_export_test_" + std::to_string(device()) + std::to_string(device()));
        std::filesystem::create_directories(m_path);
    }
    ~TempFolder() {
        std::error_code ec;
        std::filesystem::remove_all(m_path, ec);
    }
    TempFolder(const TempFolder&) = delete;
    TempFolder& operator=(const TempFolder&) = delete;
    [[nodiscard]] const std::filesystem::path& path() const { return m_path; }

  private:
    std::filesystem::path m_path;
};

inline std::string readBytes(const std::filesystem::path& path) {
    std::ifstream file(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

inline nlohmann::json readJson(const std::filesystem::path& path) {
    return nlohmann::json::parse(readBytes(path));
}

// Relative paths of every regular file under `root`, sorted.
inline std::vector<std::string> filesUnder(const std::filesystem::path& root) {
    std::vector<std::string> files;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
        if (entry.is_regular_file()) {
            files.push_back(std::filesystem::relative(entry.path(), root).generic_string());
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

// The label map an export should write: wound mode 1..6 → 1, tissue mode ids kept; 255 → ignore.
inline cv::Mat expectedLabels(const cv::Mat& source, bool tissue) {
    cv::Mat out = source.clone();
    const std::uint8_t ignore = tissue ? 7 : 2;
    out.forEach<std::uint8_t>([&](std::uint8_t& v, const int*) {
        if (v == 255) {
            v = ignore;
        } else if (v != 0 && !tissue) {
            v = 1;
        }
    });
    return out;
}

}  // namespace cicatrix::annotate::test
