// The token check the sync pull runs on a photo from home (sync::TokenAdmissionCheck): the same
// decideAdmission as `import --token` — the site key's signature, expiry, the library's
// enrolment and its revocation, and the patient and wound the DICOM object claims (PatientID,
// SeriesDescription). Thread-safe (reads the library through its reader pool).
#pragma once

#include <cstdint>
#include <functional>

#include "library/library.hpp"
#include "sync/sync_engine.hpp"
#include "workstation/enrolment/site_key.hpp"

namespace cicatrix::workstation {

using UnixClock = std::function<std::int64_t()>;

// The check for `library`, signed by `key`, "now" read from `clock` at each photo.
[[nodiscard]] sync::TokenAdmissionCheck syncTokenAdmission(cicatrix::library::Library& library,
                                                           const SiteKey& key, UnixClock clock);

// Sets options.admitToken from the site key at defaultSiteKeyPath() (created on first use) and
// the system clock. When the key cannot be read (e.g. group-readable), the options are left
// without a check — photos with a token then wait on the server — and the error is returned for
// the caller to show.
[[nodiscard]] Result<void> enableSyncTokenAdmission(sync::SyncOptions& options,
                                                    cicatrix::library::Library& library);

}  // namespace cicatrix::workstation
