// Test fixture: a fresh library holding one real demo photo (LUTSeg P20T_3) and its expert wound
// mask (0/255), for tests of analyses stored in a library.
#pragma once

#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>

#include "library/photo_importer.hpp"
#include "support/test_images.hpp"
#include "workstation/error.hpp"

namespace cicatrix::workstation {

class DemoPhotoLibrary : public ::testing::Test {
  protected:
    void SetUp() override {
        const std::filesystem::path assets = CICATRIX_TEST_ASSETS_DIR;
        m_library = std::move(*Library::open(m_dir / "lib"));
        ImportTarget target{"P1",  "Patient", "W1", {}, PhotoSource::Clinic, "2026-01-05T10:00:00",
                            "test", std::nullopt};
        auto r =
            PhotoImporter(*m_library).importFile(assets / "demo/Patient_20/P20T_3.jpg", target);
        ASSERT_EQ(r.outcome, ImportOutcome::Imported) << r.message;
        m_photo = *r.photo;
        m_expert = cv::imread((assets / "demo/wound_masks/Patient_20/P20T_3.png").string(),
                              cv::IMREAD_GRAYSCALE) > 127;
    }
    test::TempDir m_dir;
    std::unique_ptr<Library> m_library;
    Photo m_photo;
    cv::Mat m_expert;  // 0/255
};

}  // namespace cicatrix::workstation
