// No PHI in an export: patient names, birth dates and hospital ids (the cases' patient keys) appear
// in no file name and no file's bytes, in every format; PNGs carry only image chunks (no text,
// time or EXIF chunks).
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>

#include "export_test_cases.hpp"

namespace {

using namespace cicatrix::annotate;
using cicatrix::annotate::test::filesUnder;
using cicatrix::annotate::test::makeCases;
using cicatrix::annotate::test::patientKeys;
using cicatrix::annotate::test::readBytes;
using cicatrix::annotate::test::TempFolder;

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    return s;
}

// Every word of every patient key, and the dates without separators.
std::vector<std::string> phiTokens() {
    std::vector<std::string> tokens;
    for (const auto& key : patientKeys()) {
        std::string word;
        for (const char ch : key + " ") {
            if (ch == ' ') {
                tokens.push_back(lower(word));
                if (std::count(word.begin(), word.end(), '-') == 2) {
                    std::erase(word, '-');
                    tokens.push_back(word);  // 19500307
                }
                word.clear();
            } else {
                word.push_back(ch);
            }
        }
        tokens.push_back(lower(key));
    }
    return tokens;
}

std::vector<ExportFormat> allFormats() {
    return {ExportFormat::NnUnet, ExportFormat::Coco, ExportFormat::Png};
}

TEST(ExportPrivacy, NoPatientTokenInAnyFileNameOrContent) {
    const auto tokens = phiTokens();
    ASSERT_GE(tokens.size(), 7u * 5u);
    for (const auto format : allFormats()) {
        for (const auto classes : {ExportClasses::Wound, ExportClasses::Tissue}) {
            TempFolder tmp;
            ExportOptions options;
            options.format = format;
            options.classes = classes;
            ASSERT_TRUE(exportDataset(makeCases(7), tmp.path() / "out", options));
            const auto files = filesUnder(tmp.path() / "out");
            ASSERT_GT(files.size(), 10u);
            for (const auto& file : files) {
                const std::string name = lower(file);
                const std::string bytes = lower(readBytes(tmp.path() / "out" / file));
                for (const auto& token : tokens) {
                    EXPECT_EQ(name.find(token), std::string::npos) << file << ": " << token;
                    EXPECT_EQ(bytes.find(token), std::string::npos) << file << ": " << token;
                }
            }
        }
    }
}

std::uint32_t bigEndian(const std::string& s, std::size_t at) {
    return (static_cast<std::uint32_t>(static_cast<unsigned char>(s[at])) << 24) |
           (static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 1])) << 16) |
           (static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 2])) << 8) |
           static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 3]));
}

// The chunk types of a PNG file, in order (empty when it is not a well-formed PNG).
std::vector<std::string> pngChunks(const std::string& png) {
    static const std::string kSignature("\x89PNG\r\n\x1a\n", 8);
    if (png.compare(0, kSignature.size(), kSignature) != 0) {
        return {};
    }
    std::vector<std::string> chunks;
    std::size_t at = kSignature.size();
    while (at + 12 <= png.size()) {
        const std::size_t length = bigEndian(png, at);
        chunks.push_back(png.substr(at + 4, 4));
        at += 12 + length;  // length, type, data, crc
        if (chunks.back() == "IEND") {
            break;
        }
    }
    if (at != png.size()) {
        return {};  // truncated, or bytes after IEND
    }
    return chunks;
}

TEST(ExportPrivacy, PngsHoldOnlyImageChunks) {
    const std::set<std::string> allowed{"IHDR", "PLTE", "IDAT", "IEND"};
    for (const auto format : allFormats()) {
        TempFolder tmp;
        ExportOptions options;
        options.format = format;
        ASSERT_TRUE(exportDataset(makeCases(3), tmp.path() / "out", options));
        int pngs = 0;
        for (const auto& file : filesUnder(tmp.path() / "out")) {
            if (!file.ends_with(".png")) {
                continue;
            }
            ++pngs;
            const auto chunks = pngChunks(readBytes(tmp.path() / "out" / file));
            ASSERT_FALSE(chunks.empty()) << file << " is not a well-formed PNG";
            EXPECT_EQ(chunks.front(), "IHDR") << file;
            EXPECT_EQ(chunks.back(), "IEND") << file;
            for (const auto& chunk : chunks) {
                EXPECT_TRUE(allowed.contains(chunk)) << file << " has a " << chunk << " chunk";
            }
        }
        EXPECT_GE(pngs, 6);
    }
}

}  // namespace
