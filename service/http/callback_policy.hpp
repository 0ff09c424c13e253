// Where callbacks may go: hosts the operator allows (vanthu.callbacks.allow), over http or
// https, never to a private, loopback or link-local address unless the list names the host
// itself (no server-side request forgery through a client's callback URL).
#pragma once

#include <string>
#include <vector>

#include <Poco/Net/IPAddress.h>

namespace http {

// The allow list read from its setting: host names, host:port, or *.domain, comma-separated.
std::vector<std::string> read_allow_list(const std::string& setting);

// Why a callback URL is refused as written (empty when it may be used): not http(s), user
// information in it, a host the list does not match, an address literal the list does not
// name itself, or (with https_only) plain http.
std::string refuse_callback_url(const std::string& url, const std::vector<std::string>& allow, bool https_only);

// Whether an address is one a callback may reach only when the list names its host itself:
// loopback, private (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7), link-local,
// multicast, unspecified, 0/8, and IPv4 in IPv6 of any of those.
bool is_internal_address(const Poco::Net::IPAddress& a);

// The address a delivery connects to, resolved once and checked: empty with why set when no
// address of the host may be reached.
struct callback_target {
    std::string why;                  // non-empty: refused
    bool https = false;
    std::string host;                 // for the Host header and the certificate
    unsigned short port = 0;
    Poco::Net::IPAddress address;     // what the connection goes to (no second lookup)
    std::string target;               // path and query
};
callback_target resolve_callback(const std::string& url, const std::vector<std::string>& allow, bool https_only);

}  // namespace http
