// The library's active model: none at first (the shipped one is used), set with a user and an
// audit row, replaced by a later activation (still one row), kept across reopening, cleared back
// to the shipped model; blank users or fields are refused.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include "library/active_model_repository.hpp"
#include "library/library.hpp"
#include "support/test_images.hpp"

namespace cicatrix::library {
namespace {

class ActiveModels : public ::testing::Test {
  protected:
    void SetUp() override {
        auto library = Library::open(m_dir.path());
        ASSERT_TRUE(library);
        m_library = std::move(*library);
    }
    template <typename F>
    auto write(F&& f) {
        return m_library->withDatabase(
            [&](SQLite::Database& db) { return f(ActiveModelRepository(db)); });
    }
    std::optional<ActiveModel> active() {
        return *m_library->withReader(
            [](SQLite::Database& db) -> Result<std::optional<ActiveModel>> {
                return ActiveModelRepository(db).get();
            });
    }
    int audits(const std::string& action) {
        return *m_library->withReader([&](SQLite::Database& db) -> Result<int> {
            SQLite::Statement q(db, "SELECT COUNT(*) FROM audit_log WHERE action = ?");
            q.bind(1, action);
            q.executeStep();
            return q.getColumn(0).getInt();
        });
    }

    test::TempDir m_dir;
    std::unique_ptr<Library> m_library;
};

TEST_F(ActiveModels, SetReplaceReopenAndClear) {
    EXPECT_FALSE(active());
    auto first = write([](ActiveModelRepository r) { return r.set("unet", "2.0", "/m/a", "bob"); });
    ASSERT_TRUE(first) << first.error().message;
    EXPECT_EQ(first->modelVersion, "2.0");
    EXPECT_EQ(first->activatedBy, "bob");
    EXPECT_FALSE(first->activatedAt.empty());
    ASSERT_TRUE(write([](ActiveModelRepository r) { return r.set("unet", "3.0", "/m/b", "eve"); }));
    EXPECT_EQ(audits("model.activate"), 2);

    m_library.reset();
    m_library = std::move(*Library::open(m_dir.path()));
    const auto reopened = active();
    ASSERT_TRUE(reopened);
    EXPECT_EQ(reopened->modelName, "unet");
    EXPECT_EQ(reopened->modelVersion, "3.0");
    EXPECT_EQ(reopened->modelDir, "/m/b");
    EXPECT_EQ(reopened->activatedBy, "eve");
    EXPECT_EQ(*m_library->withReader([](SQLite::Database& db) -> Result<int> {
        return db.execAndGet("SELECT COUNT(*) FROM active_model").getInt();
    }),
              1);

    auto cleared = write([](ActiveModelRepository r) { return r.clear("bob"); });
    ASSERT_TRUE(cleared);
    EXPECT_TRUE(*cleared);
    EXPECT_FALSE(active());
    EXPECT_EQ(audits("model.deactivate"), 1);
    auto again = write([](ActiveModelRepository r) { return r.clear("bob"); });
    ASSERT_TRUE(again);
    EXPECT_FALSE(*again) << "nothing was active";
    EXPECT_EQ(audits("model.deactivate"), 1);
}

TEST_F(ActiveModels, BlankUserOrFieldsAreRefusedAndChangeNothing) {
    EXPECT_FALSE(write([](ActiveModelRepository r) { return r.set("unet", "1", "/m", " "); }));
    EXPECT_FALSE(write([](ActiveModelRepository r) { return r.set("", "1", "/m", "bob"); }));
    EXPECT_FALSE(write([](ActiveModelRepository r) { return r.set("unet", "1", "", "bob"); }));
    EXPECT_FALSE(active());
    EXPECT_EQ(audits("model.activate"), 0);
}

}  // namespace
}  // namespace cicatrix::library
