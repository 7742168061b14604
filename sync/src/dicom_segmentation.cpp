// Encoding an approved wound label map as a DICOM Segmentation (DCMTK dcmseg); see
// dicom_segmentation.hpp. Codes (documented for the README):
// - Segmented Property Category: SCT 49755003 "Morphologically Altered Structure" (CID 7150);
//   the type comes from the class (CID 7151 style SNOMED CT code), SCT 13924000 "Wound" when a
//   class has none.
// - Derivation: DCM 113076 "Segmentation"; purpose of reference DCM 121322 "Source image for image
//   processing operation" (dcmseg's createDerivationImageFG).
// - A photo has no Frame of Reference: the SEG has none either, hence no plane position /
//   orientation groups; the frames are placed by the derivation image group (shared by all frames)
//   and indexed by one dimension, Referenced Segment Number.
// Thread-safe (no shared state).
#include "sync/dicom_segmentation.hpp"

#include "dicom_dataset_util.hpp"

#include "dcmtk/dcmdata/dcdeftag.h"
#include "dcmtk/dcmfg/fgderimg.h"
#include "dcmtk/dcmfg/fgfracon.h"
#include "dcmtk/dcmiod/iodreferences.h"
#include "dcmtk/dcmseg/segdoc.h"
#include "dcmtk/dcmseg/segment.h"

#include <memory>
#include <opencv2/core.hpp>

#include "sync/qido.hpp"

namespace cicatrix::sync {
namespace {

using detail::cleanValue;

SyncResult<std::vector<std::uint8_t>> invalid(std::string reason) {
    return syncFail(SyncErrorCode::InvalidInput, "DICOM SEG encode: " + std::move(reason));
}

SyncResult<std::vector<std::uint8_t>> dcmtkFailed(const char* step, const OFCondition& status) {
    return syncFail(SyncErrorCode::Library,
                    std::string("DICOM SEG encode: ") + step + ": " + status.text());
}

std::optional<DcmSegTypes::E_SegmentAlgoType> algorithmType(std::string_view name) {
    if (name == "MANUAL")
        return DcmSegTypes::SAT_MANUAL;
    if (name == "SEMIAUTOMATIC")
        return DcmSegTypes::SAT_SEMIAUTOMATIC;
    if (name == "AUTOMATIC")
        return DcmSegTypes::SAT_AUTOMATIC;
    return std::nullopt;
}

// The segment label: LO, "wound bed" style text; a CS-free value so no case rule applies.
std::string segmentLabel(const SegmentClass& cls) {
    const std::string label = cleanValue(cls.label, 64);
    return label.empty() ? "class " + std::to_string(cls.id) : label;
}

}  // namespace

SyncResult<std::vector<std::uint8_t>> encodeDicomSegmentation(
    const DicomSegmentationToEncode& seg) {
    for (const auto* uid : {&seg.source.study, &seg.source.series, &seg.source.sopInstance,
                            &seg.sourceSopClassUid, &seg.seriesUid, &seg.sopInstanceUid}) {
        if (!isValidUid(*uid))
            return invalid("invalid UID '" + *uid + "'");
    }
    if (seg.patient.id.empty())
        return invalid("no PatientID");
    if (seg.labels.empty() || seg.labels.type() != CV_8UC1)
        return invalid("the label map must be a non-empty CV_8UC1 image");
    if (seg.labels.rows > 0xFFFF || seg.labels.cols > 0xFFFF)
        return invalid("the label map is larger than 65535 pixels on a side");
    const auto algorithm = algorithmType(seg.algorithmType);
    if (!algorithm)
        return invalid("unknown algorithm type '" + seg.algorithmType + "'");
    const auto content = detail::isoToDicom(seg.contentIso);
    if (!content)
        return invalid("content time '" + seg.contentIso + "' is not YYYY-MM-DDTHH:MM:SS");
    if (auto dict = detail::requireDictionary(); !dict)
        return std::unexpected(dict.error());

    // Classes present in the map, in the order given (0 and 255 are never segments).
    std::vector<const SegmentClass*> present;
    for (const SegmentClass& cls : seg.classes) {
        if (cls.id == 0 || cls.id == 255)
            continue;
        if (cv::countNonZero(seg.labels == cls.id) > 0)
            present.push_back(&cls);
    }
    if (present.empty())
        return invalid("no class of the label map is present");

    try {
        const auto rows = static_cast<Uint16>(seg.labels.rows);
        const auto columns = static_cast<Uint16>(seg.labels.cols);
        const IODGeneralEquipmentModule::EquipmentInfo equipment("Cicatrix", "Cicatrix workstation",
                                                                 "0", "Cicatrix DICOM codec 1");
        const std::string creator = cleanValue(seg.contentCreator, 64);
        const ContentIdentificationMacro identification(
            "1", "WOUND_LABELS", cleanValue(seg.seriesDescription, 64).c_str(), creator.c_str());
        DcmSegmentation* raw = nullptr;
        OFCondition status = DcmSegmentation::createBinarySegmentation(raw, rows, columns,
                                                                       equipment, identification);
        if (status.bad() || raw == nullptr)
            return dcmtkFailed("create", status);
        const std::unique_ptr<DcmSegmentation> document(raw);

        // A photo has no Frame of Reference, so neither has its SEG (PS3.3 A.51: the module is
        // conditional on the source images having one); dcmiod's rules would demand it.
        document->getRules()->deleteRule(DCM_FrameOfReferenceUID);
        // Patient, study (the photo's), series and instance (the SEG's own), content time.
        document->getStudy().setStudyInstanceUID(seg.source.study.c_str());
        document->getSeries().setSeriesInstanceUID(seg.seriesUid.c_str());
        document->getSeries().setSeriesNumber("1");
        if (!seg.seriesDescription.empty())
            document->getSeries().setSeriesDescription(
                cleanValue(seg.seriesDescription, 64).c_str());
        document->getSOPCommon().setSOPInstanceUID(seg.sopInstanceUid.c_str());
        document->getGeneralImage().setContentDate(content->date.c_str());
        document->getGeneralImage().setContentTime(content->time.c_str());

        // The source photo: shared derivation image group, and the common instance reference.
        ImageSOPInstanceReferenceMacro source;
        status = source.setReferencedSOPClassUID(seg.sourceSopClassUid.c_str());
        if (status.good())
            status = source.setReferencedSOPInstanceUID(seg.source.sopInstance.c_str());
        if (status.bad())
            return dcmtkFailed("source reference", status);
        OFVector<ImageSOPInstanceReferenceMacro> sources;
        sources.push_back(source);
        const std::unique_ptr<FGDerivationImage> derivation(
            DcmSegmentation::createDerivationImageFG(
                sources, "Wound tissue labels reviewed and approved in Cicatrix"));
        if (!derivation)
            return dcmtkFailed("derivation image", EC_IllegalCall);
        if (status = document->addForAllFrames(*derivation); status.bad())
            return dcmtkFailed("derivation image", status);
        IODReferences references;
        references.add(new IODImageReference(
            seg.patient.id.c_str(), seg.source.study.c_str(), seg.source.series.c_str(),
            seg.source.sopInstance.c_str(), seg.sourceSopClassUid.c_str()));
        document->getCommonInstanceReference().addReferences(references, seg.source.study.c_str());

        // One dimension: the segment number of each frame.
        const std::string dimensionUid = generateUid();
        IODMultiframeDimensionModule& dimensions = document->getDimensions();
        if (status =
                dimensions.addDimensionIndex(DCM_ReferencedSegmentNumber, dimensionUid.c_str(),
                                             DCM_SegmentIdentificationSequence, "Segment number");
            status.bad())
            return dcmtkFailed("dimension", status);

        const CodeSequenceMacro category("49755003", "SCT", "Morphologically Altered Structure");
        std::vector<Uint8> mask(static_cast<std::size_t>(rows) * columns);
        for (const SegmentClass* cls : present) {
            const bool hasType =
                !cls->typeCode.empty() && !cls->typeScheme.empty() && !cls->typeMeaning.empty();
            const CodeSequenceMacro type(
                hasType ? cls->typeCode.c_str() : "13924000",
                hasType ? cls->typeScheme.c_str() : "SCT",
                hasType ? cleanValue(cls->typeMeaning, 64).c_str() : "Wound");
            DcmSegment* segment = nullptr;
            status =
                DcmSegment::create(segment, segmentLabel(*cls).c_str(), category, type, *algorithm,
                                   *algorithm == DcmSegTypes::SAT_MANUAL ? "" : "Cicatrix");
            if (status.bad() || segment == nullptr)
                return dcmtkFailed("segment", status);
            Uint16 number = 0;
            if (status = document->addSegment(segment, number); status.bad()) {
                delete segment;
                return dcmtkFailed("segment", status);
            }
            const cv::Mat binary(rows, columns, CV_8UC1, mask.data());
            cv::compare(seg.labels, cls->id, binary, cv::CMP_EQ);
            FGFrameContent frameContent;
            frameContent.setDimensionIndexValues(number, 0);
            OFVector<FGBase*> perFrame;
            perFrame.push_back(&frameContent);
            if (status = document->addFrame(mask.data(), number, perFrame); status.bad())
                return dcmtkFailed("frame", status);
        }

        DcmFileFormat file;
        DcmDataset& ds = *file.getDataset();
        if (status = document->writeDataset(ds); status.bad())
            return dcmtkFailed("write", status);
        // Written directly: dcmiod's setters check values against the default repertoire only.
        const auto put = [&ds](const DcmTagKey& tag, const std::string& value) {
            ds.putAndInsertOFStringArray(tag, OFString(value.c_str(), value.size()));
        };
        put(DCM_SpecificCharacterSet, "ISO_IR 192");
        put(DCM_PatientID, cleanValue(seg.patient.id, 64));
        put(DCM_PatientName, cleanValue(seg.patient.name, 64));
        const auto birth = detail::isoToDicom(seg.patient.birthDate);
        put(DCM_PatientBirthDate, birth ? birth->date : std::string());
        put(DCM_ContentCreatorName, creator);
        put(DCM_PatientOrientation, "");  // Type 2C: no Frame of Reference, no orientation
        delete ds.remove(DCM_PositionReferenceIndicator);  // Frame of Reference module: none
        return detail::writePart10(file, EXS_LittleEndianExplicit);
    } catch (const std::exception& e) {
        return syncFail(SyncErrorCode::Library, std::string("DICOM SEG encode: ") + e.what());
    }
}

}  // namespace cicatrix::sync
