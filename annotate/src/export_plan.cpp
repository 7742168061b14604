// What an export writes before any file: the label table of the class mode (ids remapped so that
// ignore is the highest, as nnU-Net v2 wants), the label maps in those ids, and the folds grouped
// by patient (seeded, so the same cases give the same folds). Thread-safe (pure functions).
#include <algorithm>
#include <array>
#include <cstdio>
#include <map>
#include <numeric>
#include <random>

#include "annotate/label_classes.hpp"
#include "export_internal.hpp"

namespace cicatrix::annotate::detail {

namespace {

constexpr int kMaxFolds = 5;
constexpr std::uint32_t kFoldSeed = 20240508;  // fixed: folds must not change between runs

std::string keyOf(std::uint8_t id) {
    const auto c = findLabelClass(id);
    return c ? std::string(c->key) : "class_" + std::to_string(id);
}

}  // namespace

LabelTable labelTable(ExportClasses classes) {
    LabelTable table;
    table.classes.emplace_back(keyOf(kBackgroundLabel), kBackgroundLabel);
    if (classes == ExportClasses::Wound) {
        table.classes.emplace_back("wound", 1);  // what ml/train reads: labels.wound == 1
    } else {
        for (int id = 1; id <= kWoundLabel; ++id) {  // tissues 1..5, then wound (unspecified)
            table.classes.emplace_back(keyOf(static_cast<std::uint8_t>(id)),
                                       static_cast<std::uint8_t>(id));
        }
    }
    table.ignoreId = static_cast<std::uint8_t>(table.classes.size());
    return table;
}

std::expected<cv::Mat, ExportError> mapLabels(const cv::Mat& labels, ExportClasses classes,
                                              const LabelTable& table) {
    constexpr int kUnmapped = -1;
    std::array<int, 256> lut{};
    lut.fill(kUnmapped);
    lut[kBackgroundLabel] = 0;
    lut[kIgnoreLabel] = table.ignoreId;
    for (int id = 0; id < 256; ++id) {
        if (isWoundClass(static_cast<std::uint8_t>(id))) {
            lut[static_cast<std::size_t>(id)] = classes == ExportClasses::Wound ? 1 : id;
        }
    }
    cv::Mat out(labels.size(), CV_8UC1);
    for (int y = 0; y < labels.rows; ++y) {
        const auto* src = labels.ptr<std::uint8_t>(y);
        auto* dst = out.ptr<std::uint8_t>(y);
        for (int x = 0; x < labels.cols; ++x) {
            const int mapped = lut[src[x]];
            if (mapped == kUnmapped) {
                return std::unexpected(
                    ExportError{"label id " + std::to_string(src[x]) + " is not a class"});
            }
            dst[x] = static_cast<std::uint8_t>(mapped);
        }
    }
    return out;
}

FoldPlan planFolds(const std::vector<const ExportCase*>& sortedCases) {
    FoldPlan plan;
    std::map<std::string, int> groupOfPatient;  // patient key → group (order of first case)
    std::vector<int> groupOfCase;
    for (const ExportCase* c : sortedCases) {
        const auto [it, inserted] =
            groupOfPatient.emplace(c->patientKey, static_cast<int>(groupOfPatient.size()));
        groupOfCase.push_back(it->second);
    }
    const int groups = static_cast<int>(groupOfPatient.size());
    plan.patients = groupOfPatient.size();
    plan.folds = std::min(kMaxFolds, groups);

    std::vector<std::size_t> casesInGroup(static_cast<std::size_t>(groups), 0);
    for (const int g : groupOfCase) {
        ++casesInGroup[static_cast<std::size_t>(g)];
    }
    // Seeded Fisher-Yates (mt19937's output is fixed by the standard; std::shuffle's use of it
    // is not), then the largest groups first into the fold holding fewest cases.
    std::vector<int> order(static_cast<std::size_t>(groups));
    std::iota(order.begin(), order.end(), 0);
    std::mt19937 rng(kFoldSeed);
    for (std::size_t i = order.size(); i > 1; --i) {
        std::swap(order[i - 1], order[rng() % i]);
    }
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        return casesInGroup[static_cast<std::size_t>(a)] >
               casesInGroup[static_cast<std::size_t>(b)];
    });
    std::vector<int> foldOfGroup(static_cast<std::size_t>(groups), 0);
    std::vector<std::size_t> casesInFold(static_cast<std::size_t>(plan.folds), 0);
    for (const int g : order) {
        const auto fold =
            static_cast<std::size_t>(std::ranges::min_element(casesInFold) - casesInFold.begin());
        foldOfGroup[static_cast<std::size_t>(g)] = static_cast<int>(fold);
        casesInFold[fold] += casesInGroup[static_cast<std::size_t>(g)];
    }
    for (const int g : groupOfCase) {
        plan.foldOfCase.push_back(foldOfGroup[static_cast<std::size_t>(g)]);
        std::array<char, 32> name{};
        std::snprintf(name.data(), name.size(), "group_%03d", g);
        plan.groupOfCase.emplace_back(name.data());
    }
    return plan;
}

Json splitsJson(const std::vector<std::string>& caseIds, const FoldPlan& plan) {
    Json splits = Json::array();
    for (int fold = 0; fold < plan.folds; ++fold) {
        Json train = Json::array();
        Json val = Json::array();
        for (std::size_t i = 0; i < caseIds.size(); ++i) {
            (plan.foldOfCase[i] == fold ? val : train).push_back(caseIds[i]);
        }
        splits.push_back(Json{{"train", train}, {"val", val}});
    }
    return splits;
}

Json labelsJson(const LabelTable& table, bool withIgnore) {
    Json labels = Json::object();
    for (const auto& [key, id] : table.classes) {
        labels[key] = id;
    }
    if (withIgnore) {
        labels[table.ignoreKey] = table.ignoreId;
    }
    return labels;
}

}  // namespace cicatrix::annotate::detail
