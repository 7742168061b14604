// What the Triage workspace shows, as plain values (part of AppState): the ranked inbox of photos
// from home, the item being triaged, the photo it is compared with, the wound's decision history
// and the decision picked by key before it is recorded; and the quarantine. Main thread only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "library/enrolment_repository.hpp"
#include "library/records.hpp"
#include "library/triage_repository.hpp"

namespace cicatrix::workstation {

// Viewports of the Triage workspace: the photo from home and the wound's last reviewed photo.
inline constexpr std::size_t kTriageViewport = 2;
inline constexpr std::size_t kTriageReferenceViewport = 3;

// The quarantine: photos that arrived with a token that did not hold (import or sync), waiting
// for a user to file each into a wound or discard it.
struct QuarantineUiState {
    bool shown = false;  // the inbox shows the quarantine tab (the centre shows its photo)
    bool loaded = false;
    std::vector<library::QuarantineItem> items;  // open ones, oldest first
    std::size_t selected = 0;
    std::optional<library::Photo> photo;  // the selected one as the viewer draws it (probed)
    bool busy = false;                    // a filing or discarding is being recorded
    int resolved = 0;                     // items filed or discarded since the app started

    [[nodiscard]] const library::QuarantineItem* current() const {
        return selected < items.size() ? &items[selected] : nullptr;
    }
};

struct TriageUiState {
    bool loading = false;
    bool loaded = false;
    std::vector<library::InboxItem> items;    // ranked: severity, then waiting time
    std::size_t selected = 0;                 // index into items (when not empty)
    std::optional<library::Photo> reference;  // the last reviewed photo of the item's wound
    std::vector<library::TriageDecisionRecord> history;  // of the selected item's wound
    std::optional<library::TriageDecision> picked;       // chosen by key or click, not recorded
    bool busy = false;                                   // a decision is being recorded
    std::uint64_t noteGeneration = 0;  // changes after a recorded decision: the note clears
    int decided = 0;                   // decisions recorded since the app started
    QuarantineUiState quarantine;

    [[nodiscard]] const library::InboxItem* current() const {
        return selected < items.size() ? &items[selected] : nullptr;
    }
};

}  // namespace cicatrix::workstation
