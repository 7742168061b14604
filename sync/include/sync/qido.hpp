// QIDO-RS (DICOM PS3.18 §10.6): search for studies, series or instances with attribute filters
// and `includefield`, read page by page with `limit`/`offset` so a folder of 100,000 instances
// never comes in one answer. Answers are checked: the content type must be DICOM JSON, the body
// an array of objects, and every UID a valid one (digits and dots, at most 64 characters), so a
// hostile answer cannot smuggle a path into the library.
// Thread rule: as the HttpClient it is given.
#pragma once

#include <map>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "sync/http_client.hpp"

namespace cicatrix::sync {

// One matching object's attributes: tag ("0020000D") → its values as text (person names as
// their alphabetic form). Attributes without a value are present with no values.
struct DicomAttributes {
    std::map<std::string, std::vector<std::string>> values;

    // The first value of `tag`, or nullopt when absent or empty.
    [[nodiscard]] std::optional<std::string> first(std::string_view tag) const;
};

struct QidoQuery {
    enum class Level { Studies, Series, Instances };
    Level level = Level::Studies;
    std::string studyUid;   // scopes Series and Instances queries (optional for Instances)
    std::string seriesUid;  // scopes an Instances query (needs studyUid)
    std::vector<std::pair<std::string, std::string>> filters;  // keyword or tag → value
    std::vector<std::string> includeFields;
};

// True for a DICOM UID: 1..64 characters, digits and dots, no empty component.
[[nodiscard]] bool isValidUid(std::string_view uid);

// Parses a DICOM JSON array (PS3.18 F.2). Malformed when it is not one.
[[nodiscard]] SyncResult<std::vector<DicomAttributes>> parseDicomJson(std::string_view body);

// All matches of `query` under `root` (e.g. "http://pacs/dicom-web"), `pageSize` at a time.
[[nodiscard]] SyncResult<std::vector<DicomAttributes>> qidoSearch(HttpClient& client,
                                                                  std::string_view root,
                                                                  const QidoQuery& query,
                                                                  int pageSize = 500,
                                                                  std::stop_token stop = {});

// DICOM tags used by the sync, as DICOM JSON keys.
namespace tag {
inline constexpr std::string_view kPatientId = "00100020";
inline constexpr std::string_view kPatientName = "00100010";
inline constexpr std::string_view kStudyUid = "0020000D";
inline constexpr std::string_view kSeriesUid = "0020000E";
inline constexpr std::string_view kSopInstanceUid = "00080018";
inline constexpr std::string_view kSopClassUid = "00080016";
}  // namespace tag

}  // namespace cicatrix::sync
