// Selection look-ups over the state's lists.
#include "workstation/gui/app_state.hpp"

#include <algorithm>

namespace cicatrix::workstation {

const Photo* AppState::findPhoto(std::int64_t id) const {
    const auto it = std::ranges::find(timeline, id, &Photo::id);
    return it == timeline.end() ? nullptr : &*it;
}

const Analysis* AppState::analysisOf(std::int64_t photoId) const {
    const auto it = analyses.find(photoId);
    return it == analyses.end() ? nullptr : &it->second;
}

const Photo* AppState::selectedPhoto() const {
    const auto id = selectedPhotoId();
    return id ? findPhoto(*id) : nullptr;
}

int AppState::selectedPhotoIndex() const {
    const Photo* photo = selectedPhoto();
    return photo == nullptr ? -1 : static_cast<int>(photo - timeline.data());
}

const Analysis* AppState::selectedAnalysis() const {
    const auto id = selectedPhotoId();
    return id ? analysisOf(*id) : nullptr;
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

std::size_t focusViewport(const AppState& state) {
    if (state.workspace == "Annotate")
        return kAnnotateViewport;
    if (state.workspace == "Triage")
        return kTriageViewport;
    if (state.workspace == "Compare")
        return kCompareFirstViewport + std::min(state.compare.focused, kCompareSlots - 1);
    return state.activeViewport;
}

}  // namespace cicatrix::workstation
