// libcurl easy handles (one per request slot, kept for connection reuse) under one multi handle:
// send() is sendAll() of one request. Curl's errors are mapped to SyncError at this edge.
#include "sync/http_client.hpp"

#include <curl/curl.h>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <mutex>

namespace cicatrix::sync {

namespace {

void initCurlOnce() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

SyncError transportError(CURLcode code, const char* detail, const std::string& url) {
    const std::string why =
        fmt::format("{} ({})", detail[0] != '\0' ? detail : curl_easy_strerror(code), url);
    switch (code) {
        case CURLE_OPERATION_TIMEDOUT:
            return {SyncErrorCode::Timeout, "no answer in time: " + why};
        case CURLE_PARTIAL_FILE:
        case CURLE_RECV_ERROR:
        case CURLE_GOT_NOTHING:
            return {SyncErrorCode::Truncated, "the answer was cut short: " + why};
        case CURLE_ABORTED_BY_CALLBACK:
            return {SyncErrorCode::Cancelled, "cancelled"};
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_CONNECT_ERROR:
        case CURLE_SSL_CERTPROBLEM:
        case CURLE_SSL_CACERT_BADFILE:
            return {SyncErrorCode::Tls, "secure connection refused: " + why};
        case CURLE_URL_MALFORMAT:
        case CURLE_UNSUPPORTED_PROTOCOL:
            return {SyncErrorCode::InvalidInput, "bad server address: " + why};
        default:
            return {SyncErrorCode::Unreachable, "cannot reach the server: " + why};
    }
}

// One request in flight on an easy handle.
struct Transfer {
    const HttpRequest* request = nullptr;
    HttpResponse response;
    curl_slist* headers = nullptr;
    char error[CURL_ERROR_SIZE] = {};
    std::stop_token stop;
    const HttpProgress* progress = nullptr;

    ~Transfer() { curl_slist_free_all(headers); }
};

std::size_t onBody(char* data, std::size_t size, std::size_t count, void* user) {
    static_cast<Transfer*>(user)->response.body.append(data, size * count);
    return size * count;
}

std::size_t onHeader(char* data, std::size_t size, std::size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    std::string_view line(data, size * count);
    if (line.starts_with("HTTP/")) {
        t->response.headers.clear();  // a new response (after a redirect or an interim answer)
    } else if (const auto colon = line.find(':'); colon != std::string_view::npos) {
        std::string_view value = line.substr(colon + 1);
        while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
            value.remove_prefix(1);
        while (!value.empty() &&
               (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) {
            value.remove_suffix(1);
        }
        t->response.headers.emplace_back(std::string(line.substr(0, colon)), std::string(value));
    }
    return size * count;
}

int onProgress(void* user, curl_off_t downTotal, curl_off_t downNow, curl_off_t upTotal,
               curl_off_t upNow) {
    auto* t = static_cast<Transfer*>(user);
    if (t->stop.stop_requested()) {
        return 1;  // aborts the transfer: CURLE_ABORTED_BY_CALLBACK
    }
    if (t->progress != nullptr && *t->progress) {
        (*t->progress)(static_cast<std::uint64_t>(downNow + upNow),
                       static_cast<std::uint64_t>(downTotal + upTotal));
    }
    return 0;
}

}  // namespace

std::string HttpResponse::header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
        if (equalsIgnoreCase(key, name))
            return value;
    }
    return {};
}

struct HttpClient::Impl {
    HttpOptions options;
    CURLM* multi = nullptr;
    std::vector<CURL*> handles;  // kept between calls: their connections stay open

    CURL* handle(std::size_t slot) {
        while (handles.size() <= slot) handles.push_back(curl_easy_init());
        curl_easy_reset(handles[slot]);  // options only; the connection cache stays
        return handles[slot];
    }

    void configure(CURL* h, Transfer& t) const {
        const HttpRequest& r = *t.request;
        curl_easy_setopt(h, CURLOPT_URL, r.url.c_str());
        curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(h, CURLOPT_ERRORBUFFER, t.error);
        curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                         static_cast<long>(options.connectTimeout.count()));
        curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(options.timeout.count()));
        curl_easy_setopt(h, CURLOPT_USERAGENT, options.userAgent.c_str());
        curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, options.verifyTls ? 1L : 0L);
        curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, options.verifyTls ? 2L : 0L);
        if (!options.caBundle.empty())
            curl_easy_setopt(h, CURLOPT_CAINFO, options.caBundle.c_str());
        curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
        curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, onBody);
        curl_easy_setopt(h, CURLOPT_WRITEDATA, &t);
        curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, onHeader);
        curl_easy_setopt(h, CURLOPT_HEADERDATA, &t);
        curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
        curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, onProgress);
        curl_easy_setopt(h, CURLOPT_XFERINFODATA, &t);
        switch (options.auth.kind) {
            case HttpAuth::Kind::Basic:
                curl_easy_setopt(h, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
                curl_easy_setopt(h, CURLOPT_USERNAME, options.auth.user.c_str());
                curl_easy_setopt(h, CURLOPT_PASSWORD, options.auth.secret.c_str());
                break;
            case HttpAuth::Kind::Bearer:
                curl_easy_setopt(h, CURLOPT_HTTPAUTH, CURLAUTH_BEARER);
                curl_easy_setopt(h, CURLOPT_XOAUTH2_BEARER, options.auth.secret.c_str());
                break;
            case HttpAuth::Kind::None:
                break;
        }
        for (const auto& [name, value] : r.headers) {
            t.headers = curl_slist_append(t.headers, (name + ": " + value).c_str());
        }
        t.headers = curl_slist_append(t.headers, "Expect:");  // never wait for 100-continue
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, t.headers);
        if (r.method == "GET") {
            curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
        } else {
            if (r.method != "POST")
                curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, r.method.c_str());
            curl_easy_setopt(h, CURLOPT_POST, 1L);
            curl_easy_setopt(h, CURLOPT_POSTFIELDS, r.body.data());
            curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
                             static_cast<curl_off_t>(r.body.size()));
        }
    }
};

HttpClient::HttpClient(HttpOptions options) : m_impl(std::make_unique<Impl>()) {
    initCurlOnce();
    m_impl->options = std::move(options);
    m_impl->multi = curl_multi_init();
}

HttpClient::~HttpClient() {
    for (CURL* h : m_impl->handles) curl_easy_cleanup(h);
    curl_multi_cleanup(m_impl->multi);
}

const HttpOptions& HttpClient::options() const {
    return m_impl->options;
}

SyncResult<HttpResponse> HttpClient::send(const HttpRequest& request, std::stop_token stop,
                                          const HttpProgress& progress) {
    if (stop.stop_requested())
        return syncFail(SyncErrorCode::Cancelled, "cancelled");
    CURL* h = m_impl->handle(0);
    Transfer t;
    t.request = &request;
    t.stop = stop;
    t.progress = &progress;
    m_impl->configure(h, t);
    const CURLcode code = curl_easy_perform(h);
    if (code != CURLE_OK)
        return std::unexpected(transportError(code, t.error, request.url));
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &t.response.status);
    return std::move(t.response);
}

std::vector<SyncResult<HttpResponse>> HttpClient::sendAll(std::span<const HttpRequest> requests,
                                                          int parallel, std::stop_token stop) {
    std::vector<SyncResult<HttpResponse>> results(requests.size(),
                                                  syncFail(SyncErrorCode::Cancelled, "cancelled"));
    const std::size_t slots = static_cast<std::size_t>(std::max(1, parallel));
    std::vector<std::unique_ptr<Transfer>> transfers(slots);
    std::vector<std::size_t> requestOfSlot(slots);
    std::vector<std::size_t> freeSlots;
    for (std::size_t s = slots; s-- > 0;) freeSlots.push_back(s);
    std::size_t next = 0, running = 0;
    const HttpProgress noProgress;
    const auto start = [&](std::size_t slot) {
        CURL* h = m_impl->handle(slot);
        transfers[slot] = std::make_unique<Transfer>();
        Transfer& t = *transfers[slot];
        t.request = &requests[next];
        t.stop = stop;
        t.progress = &noProgress;
        m_impl->configure(h, t);
        curl_easy_setopt(h, CURLOPT_PRIVATE,
                         reinterpret_cast<char*>(slot + 1));  // slot + 1: never null
        requestOfSlot[slot] = next++;
        curl_multi_add_handle(m_impl->multi, h);
        ++running;
    };
    while ((next < requests.size() || running > 0) && !stop.stop_requested()) {
        while (next < requests.size() && !freeSlots.empty()) {
            const std::size_t slot = freeSlots.back();
            freeSlots.pop_back();
            start(slot);
        }
        int stillRunning = 0;
        curl_multi_perform(m_impl->multi, &stillRunning);
        int queued = 0;
        while (CURLMsg* msg = curl_multi_info_read(m_impl->multi, &queued)) {
            if (msg->msg != CURLMSG_DONE)
                continue;
            char* privateData = nullptr;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &privateData);
            const auto slot =
                static_cast<std::size_t>(reinterpret_cast<std::uintptr_t>(privateData)) - 1;
            Transfer& t = *transfers[slot];
            auto& result = results[requestOfSlot[slot]];
            if (msg->data.result == CURLE_OK) {
                curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &t.response.status);
                result = std::move(t.response);
            } else {
                result = std::unexpected(transportError(msg->data.result, t.error, t.request->url));
            }
            curl_multi_remove_handle(m_impl->multi, msg->easy_handle);
            transfers[slot].reset();
            freeSlots.push_back(slot);
            --running;
        }
        if (running > 0)
            curl_multi_poll(m_impl->multi, nullptr, 0, 100, nullptr);
    }
    for (std::size_t slot = 0; slot < slots; ++slot) {
        if (transfers[slot]) {  // stopped: leave nothing attached to the multi handle
            curl_multi_remove_handle(m_impl->multi, m_impl->handles[slot]);
            transfers[slot].reset();
        }
    }
    return results;
}

SyncResult<HttpResponse> requireSuccess(SyncResult<HttpResponse> response, std::string_view what) {
    if (!response)
        return response;
    const long status = response->status;
    if (status >= 200 && status < 300)
        return response;
    const std::string excerpt = response->body.substr(0, 200);
    const std::string message = fmt::format("{}: the server answered HTTP {}{}{}", what, status,
                                            excerpt.empty() ? "" : ": ", excerpt);
    if (status == 401 || status == 403) {
        return syncFail(
            SyncErrorCode::Unauthorized,
            fmt::format("{}: the server refused the credentials (HTTP {})", what, status), status);
    }
    return syncFail(SyncErrorCode::HttpStatus, message, status);
}

const char* syncErrorCodeName(SyncErrorCode code) {
    switch (code) {
        case SyncErrorCode::Unreachable:
            return "unreachable";
        case SyncErrorCode::Timeout:
            return "timeout";
        case SyncErrorCode::Truncated:
            return "truncated";
        case SyncErrorCode::Tls:
            return "tls";
        case SyncErrorCode::Cancelled:
            return "cancelled";
        case SyncErrorCode::Unauthorized:
            return "unauthorized";
        case SyncErrorCode::HttpStatus:
            return "http-status";
        case SyncErrorCode::Malformed:
            return "malformed";
        case SyncErrorCode::InvalidInput:
            return "invalid-input";
        case SyncErrorCode::Library:
            return "library";
    }
    return "unknown";
}

}  // namespace cicatrix::sync
