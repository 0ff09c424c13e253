// Workers with authentication required, and the clients, users and sessions of their store, for the tests.
#include "guarded.hpp"

#include <catch2/catch.hpp>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "support/test_paths.hpp"

namespace guarded {

std::string store_of(const std::string& dir) { return "sqlite:" + dir + "/jobs.db"; }

test_paths::command_output store_command(const std::string& store, const std::string& command,
                                         std::vector<std::string> words, const std::string& input) {
    std::vector<std::string> argv = {test_paths::vanthu_program(), command};
    argv.insert(argv.end(), words.begin(), words.end());
    argv.push_back("-Dvanthu.store=" + store);
    return test_paths::run_command(argv, input);
}

client add_client(const std::string& store, const std::string& name, const std::string& scopes,
                  const std::vector<std::string>& more) {
    std::vector<std::string> words = {"add", name, "--scope", scopes};
    words.insert(words.end(), more.begin(), more.end());
    test_paths::command_output r = store_command(store, "token", words);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const std::size_t first = r.out.find('\n');
    REQUIRE(r.out.rfind("token: ", 0) == 0);
    REQUIRE(first != std::string::npos);
    REQUIRE(r.out.compare(first + 1, 17, "callback-secret: ") == 0);
    const std::size_t second = r.out.find('\n', first + 1);
    return {name, r.out.substr(7, first - 7), r.out.substr(first + 18, second - first - 18)};
}

std::unique_ptr<serve_test::serve_process> start_guarded(const std::string& store, const std::string& dir,
                                                         std::vector<std::string> extra) {
    std::vector<std::string> args = serve_test::serve_args(store, dir);
    args.push_back("-Dvanthu.auth=required");  // after serve_args' "off"
    args.insert(args.end(), extra.begin(), extra.end());
    auto p = serve_test::start_serve(args);
    INFO(p->text());
    REQUIRE(p->wait_port() > 0);
    return p;
}

session sign_in(int port, const std::string& name, const std::string& password) {
    session s;
    s.signed_in = serve_test::send(port, "POST", "/v1/session", "name=" + name + "&password=" + password,
                                   {{"Content-Type", "application/x-www-form-urlencoded"}});
    INFO(s.signed_in.body);
    REQUIRE(s.signed_in.status == 200);
    const std::string set = s.signed_in.headers.at("set-cookie");
    REQUIRE(set.rfind("vanthu_session=", 0) == 0);
    s.cookie = set.substr(15, set.find(';') - 15);
    s.body = Poco::JSON::Parser().parse(s.signed_in.body).extract<Poco::JSON::Object::Ptr>();
    s.csrf = s.body->getValue<std::string>("csrf_token");
    return s;
}

serve_test::answer as_user(int port, const session& s, const std::string& method, const std::string& path,
                           const std::string& body, bool with_csrf, std::map<std::string, std::string> headers) {
    headers["Cookie"] = "vanthu_session=" + s.cookie;
    if (with_csrf) headers["X-CSRF-Token"] = s.csrf;
    return serve_test::send(port, method, path, body, headers);
}

std::vector<std::string> listed_ids(const serve_test::answer& a) {
    std::vector<std::string> ids;
    auto items = Poco::JSON::Parser().parse(a.body).extract<Poco::JSON::Object::Ptr>()->getArray("items");
    for (unsigned i = 0; i < items->size(); ++i) ids.push_back(items->getObject(i)->getValue<std::string>("record_id"));
    return ids;
}

}  // namespace guarded
