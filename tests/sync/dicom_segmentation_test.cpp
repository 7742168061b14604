// The DICOM Segmentation encoder: a label map with two classes becomes a SEG that dciodvfy accepts,
// with two BINARY segments whose bit-packed frames match the mask, referencing the source photo.
#include "sync/dicom_segmentation.hpp"

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dcdeftag.h"
#include "dcmtk/dcmseg/segdoc.h"
#include "dcmtk/dcmseg/segment.h"
#include "dcmtk/dcmseg/segutils.h"

#include <gtest/gtest.h>

#include <memory>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "sync/dicom_test_support.hpp"

namespace cicatrix::sync {
namespace {

using namespace cicatrix::sync::testing;

DicomSegmentationToEncode sampleSegmentation() {
    DicomSegmentationToEncode seg;
    seg.source = {"2.25.1001", "2.25.1001.1", "2.25.1001.1.1"};
    seg.patient = {"HOSP-42", "Müller^Zoë", "1950-03-07"};
    seg.seriesUid = "2.25.1001.2";
    seg.sopInstanceUid = "2.25.1001.2.1";
    seg.seriesDescription = "Wound label v3 (approved)";
    seg.contentCreator = "Reviewer^Rita";
    seg.contentIso = "2024-05-18T09:15:00";
    seg.labels = cv::Mat::zeros(61, 83, CV_8UC1);  // odd sizes: bit packing across rows
    cv::circle(seg.labels, {40, 30}, 20, cv::Scalar(1), cv::FILLED);
    cv::rectangle(seg.labels, cv::Rect(30, 20, 12, 9), cv::Scalar(2), cv::FILLED);
    seg.labels.at<std::uint8_t>(0, 0) = 255;  // "ignore": never a segment
    seg.classes = {
        {1, "granulation", "SCT", "225552003", "Wound bed granulation tissue"},
        {2, "slough", "SCT", "413812002", "Slough"},
        {3, "necrosis", "SCT", "6574001", "Necrosis"},  // absent from the map: skipped
    };
    return seg;
}

TEST(DicomSegmentation, TwoClassesBecomeTwoSegmentsMatchingTheMask) {
    const auto seg = sampleSegmentation();
    const auto encoded = encodeDicomSegmentation(seg);
    ASSERT_TRUE(encoded.has_value()) << encoded.error().message;

    auto file = parse(*encoded);
    DcmDataset& ds = *file->getDataset();
    OFString value;
    ds.findAndGetOFString(DCM_SOPClassUID, value);
    EXPECT_EQ(value, kSegmentationStorage);
    ds.findAndGetOFString(DCM_StudyInstanceUID, value);
    EXPECT_EQ(value, "2.25.1001");
    ds.findAndGetOFString(DCM_PatientID, value);
    EXPECT_EQ(value, "HOSP-42");
    ds.findAndGetOFString(DCM_PatientName, value);
    EXPECT_EQ(value, "Müller^Zoë");
    // The source photo, referenced from the derivation group and the common instance reference.
    DcmItem* shared = nullptr;
    ASSERT_TRUE(ds.findAndGetSequenceItem(DCM_SharedFunctionalGroupsSequence, shared, 0).good());
    ASSERT_TRUE(shared->findAndGetOFString(DCM_ReferencedSOPInstanceUID, value, 0, OFTrue).good());
    EXPECT_EQ(value, "2.25.1001.1.1");
    DcmItem* series = nullptr;
    ASSERT_TRUE(ds.findAndGetSequenceItem(DCM_ReferencedSeriesSequence, series, 0).good());
    series->findAndGetOFString(DCM_SeriesInstanceUID, value);
    EXPECT_EQ(value, "2.25.1001.1");
    series->findAndGetOFString(DCM_ReferencedSOPInstanceUID, value, 0, OFTrue);
    EXPECT_EQ(value, "2.25.1001.1.1");

    DcmSegmentation* raw = nullptr;
    ASSERT_TRUE(DcmSegmentation::loadDataset(ds, raw).good());
    const std::unique_ptr<DcmSegmentation> document(raw);
    ASSERT_EQ(document->getNumberOfSegments(), 2U);
    ASSERT_EQ(document->getNumberOfFrames(), 2U);
    const auto rows = static_cast<Uint16>(seg.labels.rows);
    const auto cols = static_cast<Uint16>(seg.labels.cols);
    for (std::size_t i = 0; i < 2; ++i) {
        DcmSegment* segment = document->getSegment(i + 1);
        ASSERT_NE(segment, nullptr);
        segment->getSegmentLabel(value);
        EXPECT_EQ(value, i == 0 ? "granulation" : "slough");
        segment->getSegmentedPropertyTypeCode().getCodeValue(value);
        EXPECT_EQ(value, i == 0 ? "225552003" : "413812002");
        segment->getSegmentedPropertyCategoryCode().getCodeValue(value);
        EXPECT_EQ(value, "49755003");

        std::unique_ptr<DcmIODTypes::Frame> frame(
            DcmSegUtils::unpackBinaryFrame(document->getFrame(i), rows, cols));
        ASSERT_NE(frame, nullptr);
        const cv::Mat unpacked(rows, cols, CV_8UC1, frame->pixData);
        const cv::Mat expected = seg.labels == static_cast<int>(i + 1);
        EXPECT_EQ(cv::countNonZero(expected), cv::countNonZero(unpacked));
        EXPECT_EQ(cv::countNonZero((unpacked != 0) != expected), 0) << "segment " << i + 1;
    }
}

TEST(DicomSegmentation, PassesDciodvfy) {
    for (const char* algorithm : {"MANUAL", "SEMIAUTOMATIC"}) {
        auto seg = sampleSegmentation();
        seg.algorithmType = algorithm;
        const auto encoded = encodeDicomSegmentation(seg);
        ASSERT_TRUE(encoded.has_value()) << encoded.error().message;
        std::string output;
        const auto errors = dciodvfyErrors(*encoded, output);
        EXPECT_TRUE(errors.empty()) << algorithm << "\n" << output;
        EXPECT_NE(output.find("Segmentation"), std::string::npos) << output;
    }
}

TEST(DicomSegmentation, RefusesBadInput) {
    auto seg = sampleSegmentation();
    seg.source.sopInstance = "../etc";
    EXPECT_EQ(encodeDicomSegmentation(seg).error().code, SyncErrorCode::InvalidInput);
    seg = sampleSegmentation();
    seg.labels = cv::Mat::zeros(10, 10, CV_8UC1);  // nothing to segment
    EXPECT_EQ(encodeDicomSegmentation(seg).error().code, SyncErrorCode::InvalidInput);
    seg = sampleSegmentation();
    seg.algorithmType = "GUESSED";
    EXPECT_EQ(encodeDicomSegmentation(seg).error().code, SyncErrorCode::InvalidInput);
}

}  // namespace
}  // namespace cicatrix::sync
