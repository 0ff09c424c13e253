// Owns the rules on callback URLs: the allow list, the schemes, the addresses.
#include "http/callback_policy.hpp"

#include <Poco/Exception.h>
#include <Poco/Net/DNS.h>
#include <Poco/Net/HostEntry.h>
#include <Poco/String.h>
#include <Poco/URI.h>

namespace http {

namespace {

// How an allow-list entry matches a host and port: not at all, by a pattern (*.domain), or
// naming the host itself (which alone lets an internal address through).
enum class match { none, pattern, named };

match match_entry(const std::string& entry, const std::string& host, unsigned short port) {
    std::string name = entry;
    const std::size_t colon = entry.rfind(':');
    if (colon != std::string::npos && entry.find(']') == std::string::npos && entry.find(':') == colon) {
        if (entry.substr(colon + 1) != std::to_string(port)) return match::none;
        name = entry.substr(0, colon);
    }
    name = Poco::toLower(name);
    if (name.size() > 2 && name.compare(0, 2, "*.") == 0) {
        const std::string suffix = name.substr(1);  // ".domain"
        return host.size() > suffix.size() && host.compare(host.size() - suffix.size(), suffix.size(), suffix) == 0
                   ? match::pattern
                   : match::none;
    }
    return name == host ? match::named : match::none;
}

match match_list(const std::vector<std::string>& allow, const std::string& host, unsigned short port) {
    match best = match::none;
    for (const std::string& e : allow) {
        const match m = match_entry(e, host, port);
        if (m == match::named) return m;
        if (m == match::pattern) best = m;
    }
    return best;
}

// The URI's parts once it is known to be acceptable as written; why otherwise.
std::string check_uri(const std::string& url, const std::vector<std::string>& allow, bool https_only, Poco::URI& uri,
                      match& how) {
    try {
        uri = Poco::URI(url);
    } catch (const Poco::Exception&) {
        return "the callback URL is not a URL";
    }
    const std::string scheme = Poco::toLower(uri.getScheme());
    if (scheme != "http" && scheme != "https") return "a callback URL is http:// or https://";
    if (https_only && scheme != "https") return "callbacks go over https:// only (vanthu.callbacks.https_only)";
    if (!uri.getUserInfo().empty()) return "a callback URL carries no user name or password";
    const std::string host = Poco::toLower(uri.getHost());
    if (host.empty()) return "the callback URL has no host";
    how = match_list(allow, host, uri.getPort());
    if (how == match::none)
        return "the host " + host + ":" + std::to_string(uri.getPort()) + " is not in vanthu.callbacks.allow";
    Poco::Net::IPAddress literal;
    if (Poco::Net::IPAddress::tryParse(host, literal) && is_internal_address(literal) && how != match::named)
        return "the address " + host + " is internal and vanthu.callbacks.allow does not name it";
    return {};
}

}  // namespace

std::vector<std::string> read_allow_list(const std::string& setting) {
    std::vector<std::string> out;
    for (std::size_t at = 0; at <= setting.size();) {
        std::size_t comma = setting.find(',', at);
        if (comma == std::string::npos) comma = setting.size();
        const std::string entry = Poco::trim(setting.substr(at, comma - at));
        if (!entry.empty()) out.push_back(entry);
        at = comma + 1;
    }
    return out;
}

bool is_internal_address(const Poco::Net::IPAddress& a) {
    if (a.isWildcard() || a.isLoopback() || a.isLinkLocal() || a.isMulticast()) return true;
    const auto* b = static_cast<const unsigned char*>(a.addr());
    if (a.family() == Poco::Net::IPAddress::IPv4) {
        return b[0] == 0 || b[0] == 10 || b[0] == 127 || (b[0] == 172 && (b[1] & 0xF0) == 16) ||
               (b[0] == 192 && b[1] == 168) || (b[0] == 100 && (b[1] & 0xC0) == 64) || (b[0] == 169 && b[1] == 254) ||
               b[0] >= 224;
    }
    if ((b[0] & 0xFE) == 0xFC) return true;                  // unique local fc00::/7
    if (b[0] == 0xFE && (b[1] & 0xC0) == 0x80) return true;  // link-local fe80::/10
    bool v4_inside = true;                                   // ::ffff:a.b.c.d and ::a.b.c.d
    for (int i = 0; i < 10; ++i) v4_inside = v4_inside && b[i] == 0;
    if (v4_inside && ((b[10] == 0xFF && b[11] == 0xFF) || (b[10] == 0 && b[11] == 0))) {
        const Poco::Net::IPAddress v4(b + 12, 4);
        return is_internal_address(v4);
    }
    return false;
}

std::string refuse_callback_url(const std::string& url, const std::vector<std::string>& allow, bool https_only) {
    Poco::URI uri;
    match how = match::none;
    return check_uri(url, allow, https_only, uri, how);
}

callback_target resolve_callback(const std::string& url, const std::vector<std::string>& allow, bool https_only) {
    callback_target out;
    Poco::URI uri;
    match how = match::none;
    out.why = check_uri(url, allow, https_only, uri, how);
    if (!out.why.empty()) return out;
    out.https = Poco::toLower(uri.getScheme()) == "https";
    out.host = Poco::toLower(uri.getHost());
    out.port = uri.getPort();
    out.target = uri.getPathEtc().empty() ? "/" : uri.getPathEtc();
    std::vector<Poco::Net::IPAddress> addresses;
    Poco::Net::IPAddress literal;
    if (Poco::Net::IPAddress::tryParse(out.host, literal)) {
        addresses.push_back(literal);
    } else {
        try {
            addresses = Poco::Net::DNS::hostByName(out.host).addresses();
        } catch (const Poco::Exception& e) {
            out.why = "cannot resolve " + out.host + ": " + e.displayText();
            return out;
        }
    }
    // Every address must be allowed: a name that resolves to one public and one internal
    // address is refused, so that the connection cannot be steered inside.
    for (const Poco::Net::IPAddress& a : addresses) {
        if (is_internal_address(a) && how != match::named) {
            out.why = out.host + " resolves to the internal address " + a.toString() +
                      ", and vanthu.callbacks.allow does not name the host itself";
            return out;
        }
    }
    if (addresses.empty()) {
        out.why = "no address for " + out.host;
        return out;
    }
    out.address = addresses.front();
    return out;
}

}  // namespace http
