// Helpers of the DICOM codec tests: the sample photo, DCMTK reads/writes of test objects in memory
// or temp files, and dciodvfy's verdict on an object (tests only; not thread-safe: temp files).
#pragma once

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dcfilefo.h"
#include "dcmtk/dcmdata/dcistrmb.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "support/process.hpp"

namespace cicatrix::sync::testing {

using Bytes = std::vector<std::uint8_t>;

inline Bytes readBytes(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline Bytes sampleJpegBytes() {
    return readBytes(std::string(CICATRIX_TEST_DATA_DIR) + "/fuseg-sample/images/0026.jpg");
}

inline std::filesystem::path tempPath(const std::string& name) {
    static std::mt19937_64 rng{std::random_device{}()};
    return std::filesystem::temp_directory_path() /
           ("cicatrix-dicom-" + std::to_string(rng()) + "-" + name);
}

inline std::filesystem::path writeTemp(const Bytes& bytes, const std::string& name) {
    const auto path = tempPath(name);
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
    return path;
}

// The object parsed by DCMTK (fails the test when it cannot be).
inline std::unique_ptr<DcmFileFormat> parse(const Bytes& bytes) {
    auto file = std::make_unique<DcmFileFormat>();
    DcmInputBufferStream stream;
    stream.setBuffer(bytes.data(), static_cast<offile_off_t>(bytes.size()));
    stream.setEos();
    file->transferInit();
    const OFCondition status = file->read(stream);
    file->transferEnd();
    EXPECT_TRUE(status.good()) << status.text();
    return file;
}

// `file` saved as a Part 10 file in `xfer` and read back as bytes.
inline Bytes serialise(DcmFileFormat& file, E_TransferSyntax xfer) {
    const auto path = tempPath("obj.dcm");
    const OFCondition status = file.saveFile(path.c_str(), xfer);
    EXPECT_TRUE(status.good()) << status.text();
    Bytes bytes = readBytes(path);
    std::filesystem::remove(path);
    return bytes;
}

// `bytes` parsed, changed by `change`, and written again in its own (or the given) syntax.
inline Bytes mutate(const Bytes& bytes, const std::function<void(DcmDataset&)>& change,
                    E_TransferSyntax xfer = EXS_Unknown) {
    auto file = parse(bytes);
    DcmDataset& ds = *file->getDataset();
    const E_TransferSyntax original = ds.getOriginalXfer();
    change(ds);
    return serialise(*file, xfer == EXS_Unknown ? original : xfer);
}

// dciodvfy's "Error" lines for the object (the whole output on a failure to run it).
inline std::vector<std::string> dciodvfyErrors(const Bytes& object, std::string& output) {
    const std::string tool = CICATRIX_DCIODVFY;
    EXPECT_TRUE(std::filesystem::exists(tool)) << tool << " missing: install dicom3tools";
    const auto path = writeTemp(object, "vfy.dcm");
    const auto result = test::runCommand(test::quote(tool) + " " + test::quote(path.string()));
    std::filesystem::remove(path);
    output = result.output;
    std::vector<std::string> errors;
    std::istringstream lines(result.output);
    for (std::string line; std::getline(lines, line);) {
        if (line.starts_with("Error"))
            errors.push_back(line);
    }
    EXPECT_FALSE(result.output.empty()) << "dciodvfy said nothing (exit " << result.exitCode << ")";
    return errors;
}

}  // namespace cicatrix::sync::testing
