// Delimiters are CRLF "--boundary"; a preamble before the first one is ignored, as RFC 2046 says.
#include "sync/multipart.hpp"

#include <algorithm>
#include <cctype>

namespace cicatrix::sync {

namespace {
std::string lower(std::string_view text) {
    std::string out(text);
    std::ranges::transform(out, out.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}
}  // namespace

std::optional<std::string> multipartBoundary(std::string_view contentType) {
    const std::string lowered = lower(contentType);
    if (!lowered.starts_with("multipart/"))
        return std::nullopt;
    const std::size_t at = lowered.find("boundary=");
    if (at == std::string::npos)
        return std::nullopt;
    std::string_view value = contentType.substr(at + 9);
    if (value.starts_with('"')) {
        value.remove_prefix(1);
        const std::size_t end = value.find('"');
        if (end == std::string_view::npos)
            return std::nullopt;
        value = value.substr(0, end);
    } else {
        value = value.substr(0, std::min(value.find(';'), value.size()));
        while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
    }
    if (value.empty() || value.size() > 200)
        return std::nullopt;
    return std::string(value);
}

SyncResult<std::vector<MultipartPart>> parseMultipart(std::string_view body,
                                                      std::string_view boundary) {
    const std::string delimiter = "--" + std::string(boundary);
    std::size_t at = delimiter.size();
    if (!body.starts_with(delimiter)) {
        const std::size_t first = body.find("\r\n" + delimiter);
        if (first == std::string_view::npos) {
            return syncFail(SyncErrorCode::Malformed, "multipart answer without its boundary");
        }
        at = first + 2 + delimiter.size();
    }
    std::vector<MultipartPart> parts;
    while (true) {
        if (body.substr(at, 2) == "--")
            return parts;  // the closing delimiter
        if (body.substr(at, 2) != "\r\n")
            return syncFail(SyncErrorCode::Malformed, "malformed multipart delimiter");
        at += 2;
        const std::size_t headersEnd = body.find("\r\n\r\n", at);
        const std::size_t next = body.find("\r\n" + delimiter, at);
        if (next == std::string_view::npos) {
            return syncFail(SyncErrorCode::Truncated, "the multipart answer stops before its end");
        }
        MultipartPart part;
        std::size_t contentStart = at;
        if (headersEnd != std::string_view::npos && headersEnd < next) {
            std::string_view headers = body.substr(at, headersEnd - at);
            while (!headers.empty()) {
                const std::size_t eol = std::min(headers.find("\r\n"), headers.size());
                const std::string_view line = headers.substr(0, eol);
                if (const std::size_t colon = line.find(':');
                    colon != std::string_view::npos &&
                    lower(line.substr(0, colon)) == "content-type") {
                    std::string_view value = line.substr(colon + 1);
                    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
                    part.contentType = std::string(value);
                }
                headers.remove_prefix(std::min(eol + 2, headers.size()));
            }
            contentStart = headersEnd + 4;
        } else if (body.substr(at, 2) == "\r\n") {
            contentStart = at + 2;  // no headers, just the blank line
        } else {
            return syncFail(SyncErrorCode::Malformed, "a multipart part without headers");
        }
        part.body = std::string(body.substr(contentStart, next - contentStart));
        parts.push_back(std::move(part));
        at = next + 2 + delimiter.size();
    }
}

std::string buildMultipart(const std::vector<MultipartPart>& parts, std::string_view boundary) {
    std::string out;
    for (const MultipartPart& part : parts) {
        out += "--";
        out += boundary;
        out += "\r\nContent-Type: " + part.contentType + "\r\n\r\n";
        out += part.body;
        out += "\r\n";
    }
    out += "--";
    out += boundary;
    out += "--\r\n";
    return out;
}

}  // namespace cicatrix::sync
