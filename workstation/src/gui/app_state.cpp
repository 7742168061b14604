// Selection look-ups over the state's lists.
#include "workstation/gui/app_state.hpp"

#include <algorithm>

namespace cicatrix::workstation {

const Photo* AppState::selectedPhoto() const {
    const int i = selectedPhotoIndex();
    return i < 0 ? nullptr : &timeline[static_cast<std::size_t>(i)];
}

int AppState::selectedPhotoIndex() const {
    if (!selectedPhotoId) {
        return -1;
    }
    const auto it = std::ranges::find(timeline, *selectedPhotoId, &Photo::id);
    return it == timeline.end() ? -1 : static_cast<int>(it - timeline.begin());
}

const Analysis* AppState::selectedAnalysis() const {
    if (!selectedPhotoId) {
        return nullptr;
    }
    const auto it = analyses.find(*selectedPhotoId);
    return it == analyses.end() ? nullptr : &it->second;
}

const PatientSummary* AppState::selectedPatient() const {
    if (!selectedPatientId) {
        return nullptr;
    }
    const auto it = std::ranges::find_if(
        patients, [&](const PatientSummary& p) { return p.patient.id == *selectedPatientId; });
    return it == patients.end() ? nullptr : &*it;
}

const WoundSummary* AppState::selectedWound() const {
    if (!selectedWoundId) {
        return nullptr;
    }
    const auto it = std::ranges::find_if(
        wounds, [&](const WoundSummary& w) { return w.wound.id == *selectedWoundId; });
    return it == wounds.end() ? nullptr : &*it;
}

}  // namespace cicatrix::workstation
