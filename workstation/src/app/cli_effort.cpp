// Correction effort and inter-annotator agreement from the label versions; the pixel maths is
// annotate::woundOverlap.
#include "workstation/app/cli_effort.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <iostream>
#include <map>

#include "annotate/label_metrics.hpp"
#include "library/label_repository.hpp"
#include "library/library.hpp"
#include "workstation/analysis/library_analysis.hpp"
#include "workstation/error.hpp"

namespace cicatrix::workstation {

namespace fs = std::filesystem;

namespace {

struct Comparison {
    std::int64_t photoId = 0;
    LabelVersion a, b;  // draft and approved, or two annotators' versions
};

// The AI draft the approved label was corrected from: the latest draft before it (any draft when
// none precedes it), or none.
std::optional<LabelVersion> draftFor(const std::vector<LabelVersion>& versions,
                                     const LabelVersion& approved) {
    std::optional<LabelVersion> before, any;
    for (const LabelVersion& v : versions) {
        if (v.status != LabelStatus::AiDraft)
            continue;
        any = v;
        if (v.version < approved.version)
            before = v;
    }
    return before ? before : any;
}

// Each annotator's latest submitted or approved version, by annotator name.
std::map<std::string, LabelVersion> latestByAnnotator(const std::vector<LabelVersion>& versions) {
    std::map<std::string, LabelVersion> out;
    for (const LabelVersion& v : versions)
        if (v.status == LabelStatus::Submitted || v.status == LabelStatus::Approved)
            out.insert_or_assign(v.createdBy, v);  // versions come in order
    return out;
}

}  // namespace

int runLabelsEffort(const fs::path& libraryDir, bool json) {
    const auto refuse = [](const std::string& message) {
        std::cerr << "cicatrix labels effort: " << message << "\n";
        return 1;
    };
    auto library = Library::open(libraryDir, Library::OpenMode::MustExist);
    if (!library)
        return refuse(library.error().message);
    struct Plan {
        std::vector<Comparison> drafts, pairs;
    };
    auto plan = (*library)->withReader([](SQLite::Database& db) -> Result<Plan> {
        Plan p;
        std::map<std::int64_t, std::vector<LabelVersion>> byPhoto;
        for (LabelVersion& v : LabelRepository(db).list()) byPhoto[v.photoId].push_back(v);
        for (const auto& [photo, versions] : byPhoto) {
            const auto approved = std::ranges::find_if(
                versions.rbegin(), versions.rend(),
                [](const LabelVersion& v) { return v.status == LabelStatus::Approved; });
            if (approved != versions.rend())
                if (const auto draft = draftFor(versions, *approved))
                    p.drafts.push_back({photo, *draft, *approved});
            const auto annotators = latestByAnnotator(versions);
            for (auto i = annotators.begin(); i != annotators.end(); ++i)
                for (auto j = std::next(i); j != annotators.end(); ++j)
                    p.pairs.push_back({photo, i->second, j->second});
        }
        return p;
    });
    if (!plan)
        return refuse(plan.error().message);

    std::map<std::string, cv::Mat> maps;  // by sha256: a map is read once
    const auto overlap = [&](const Comparison& c) -> Result<annotate::WoundOverlap> {
        for (const std::string& sha : {c.a.labelsSha256, c.b.labelsSha256}) {
            if (maps.contains(sha))
                continue;
            auto map = loadStoredMask(**library, sha);
            if (!map)
                return std::unexpected(map.error());
            maps.emplace(sha, std::move(*map));
        }
        const auto o = annotate::woundOverlap(maps[c.a.labelsSha256], maps[c.b.labelsSha256]);
        if (!o)
            return fail(ErrorCode::Corrupt,
                        fmt::format("photo {}: label versions {} and {} differ in size", c.photoId,
                                    c.a.version, c.b.version));
        return *o;
    };

    nlohmann::json out{{"photos", nlohmann::json::array()},
                       {"per_model", nlohmann::json::array()},
                       {"agreement", nlohmann::json::array()}};
    struct ModelTotals {
        annotate::WoundOverlap pooled;
        double diceSum = 0;
        int photos = 0;
    };
    std::map<std::pair<std::string, std::string>, ModelTotals> perModel;
    for (const Comparison& c : plan->drafts) {
        auto o = overlap(c);
        if (!o)
            return refuse(o.error().message);
        const std::string name = c.a.modelName.value_or(""),
                          version = c.a.modelVersion.value_or("");
        out["photos"].push_back({{"photo_id", c.photoId},
                                 {"model_name", name},
                                 {"model_version", version},
                                 {"draft_version", c.a.version},
                                 {"approved_version", c.b.version},
                                 {"dice", o->dice()}});
        ModelTotals& t = perModel[{name, version}];
        t.pooled += *o;
        t.diceSum += o->dice();
        ++t.photos;
    }
    for (const auto& [model, t] : perModel)
        out["per_model"].push_back({{"model_name", model.first},
                                    {"model_version", model.second},
                                    {"photos", t.photos},
                                    {"dice_mean", t.diceSum / t.photos},
                                    {"dice_aggregate", t.pooled.dice()}});
    for (const Comparison& c : plan->pairs) {
        auto o = overlap(c);
        if (!o)
            return refuse(o.error().message);
        out["agreement"].push_back({{"photo_id", c.photoId},
                                    {"annotators", {c.a.createdBy, c.b.createdBy}},
                                    {"versions", {c.a.version, c.b.version}},
                                    {"dice", o->dice()}});
    }

    if (json) {
        std::cout << out.dump(2) << "\n";
        return 0;
    }
    if (out["photos"].empty())
        std::cout << "no approved label with an AI draft: no correction effort to show\n";
    for (const auto& p : out["photos"])
        std::cout << fmt::format("photo {}  AI draft ({} {}) vs approved: Dice {:.3f}\n",
                                 p["photo_id"].get<std::int64_t>(),
                                 p["model_name"].get<std::string>(),
                                 p["model_version"].get<std::string>(), p["dice"].get<double>());
    for (const auto& m : out["per_model"])
        std::cout << fmt::format("model {} {}: {} photo(s), Dice {:.3f} mean, {:.3f} aggregate\n",
                                 m["model_name"].get<std::string>(),
                                 m["model_version"].get<std::string>(), m["photos"].get<int>(),
                                 m["dice_mean"].get<double>(), m["dice_aggregate"].get<double>());
    for (const auto& a : out["agreement"])
        std::cout << fmt::format("photo {}  {} vs {}: Dice {:.3f}\n",
                                 a["photo_id"].get<std::int64_t>(),
                                 a["annotators"][0].get<std::string>(),
                                 a["annotators"][1].get<std::string>(), a["dice"].get<double>());
    return 0;
}

}  // namespace cicatrix::workstation
