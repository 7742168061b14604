// The ml module's error vocabulary: expected failures travel as std::expected<T, MlError>.
// Exceptions from torch and OpenCV are caught at this module's edge and become MlError.
#pragma once

#include <expected>
#include <string>

namespace cicatrix::ml {

enum class MlErrorCode {
    ModelNotFound,  // no model file or card where asked
    BadModelCard,   // card missing fields or inconsistent with the model
    ModelLoad,      // TorchScript could not be loaded
    Inference,      // the forward pass failed
    InvalidInput,   // empty image, wrong type, bad argument
    NoMarker,       // no calibration marker found
};

struct MlError {
    MlErrorCode code;
    std::string message;
};

template <typename T>
using MlResult = std::expected<T, MlError>;

[[nodiscard]] inline std::unexpected<MlError> mlFail(MlErrorCode code, std::string message) {
    return std::unexpected(MlError{code, std::move(message)});
}

}  // namespace cicatrix::ml
