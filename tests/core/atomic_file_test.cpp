// The one atomic file writer: the file appears whole at its path, or nothing changes.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/resource.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "core/atomic_file.hpp"
#include "support/test_paths.hpp"

namespace fs = std::filesystem;

namespace {

// The names in a folder, hidden ones included.
std::set<std::string> names_in(const std::string& dir) {
    std::set<std::string> names;
    for (const auto& e : fs::directory_iterator(dir)) names.insert(e.path().filename().string());
    return names;
}

// Writes a file the plain way, as the earlier version of an output.
void put_file(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary) << bytes;
}

// Caps the size of files this process may write (RLIMIT_FSIZE), with SIGXFSZ ignored so that a
// write past it fails with EFBIG; the old limit comes back when it goes.
struct file_size_cap {
    rlimit old{};
    explicit file_size_cap(rlim_t bytes) {
        ::signal(SIGXFSZ, SIG_IGN);
        ::getrlimit(RLIMIT_FSIZE, &old);
        rlimit cap = old;
        cap.rlim_cur = bytes;
        ::setrlimit(RLIMIT_FSIZE, &cap);
    }
    ~file_size_cap() { ::setrlimit(RLIMIT_FSIZE, &old); }
};

const std::string old_minutes = "Biên bản họp cũ, bản đã ký.";
const std::string new_minutes = "%PDF-1.4\nBiên bản họp Ban Chỉ huy, bản mới.\n%%EOF\n";

}  // namespace

TEST_CASE("write_file_atomically_replaces_the_file_and_leaves_no_temporary_file", "[core][atomic_file]") {
    const std::string dir = test_paths::scratch_dir("atomic-file-ok");
    put_file(dir + "/bien-ban.pdf", old_minutes);
    std::string message;
    REQUIRE(vanthu::write_file_atomically(dir + "/bien-ban.pdf", new_minutes, message));
    CHECK(test_paths::read_file(dir + "/bien-ban.pdf") == new_minutes);
    CHECK(names_in(dir) == std::set<std::string>{"bien-ban.pdf"});
}

TEST_CASE("a_write_that_fails_midway_leaves_the_target_untouched_and_no_temporary_file", "[core][atomic_file]") {
    const std::string dir = test_paths::scratch_dir("atomic-file-full");
    put_file(dir + "/bien-ban.pdf", old_minutes);
    std::string message;
    {
        file_size_cap cap(16);  // a disk that fills after 16 bytes
        CHECK_FALSE(vanthu::write_file_atomically(dir + "/bien-ban.pdf", new_minutes, message));
    }
    CHECK(message == "cannot write " + dir + "/bien-ban.pdf: File too large");
    CHECK(test_paths::read_file(dir + "/bien-ban.pdf") == old_minutes);
    CHECK(names_in(dir) == std::set<std::string>{"bien-ban.pdf"});
}

TEST_CASE("a_rename_that_fails_removes_the_temporary_file", "[core][atomic_file]") {
    const std::string dir = test_paths::scratch_dir("atomic-file-rename");
    fs::create_directories(dir + "/bien-ban.pdf/inside");  // a folder, not empty, where the file goes
    std::string message;
    CHECK_FALSE(vanthu::write_file_atomically(dir + "/bien-ban.pdf", new_minutes, message));
    CHECK(message.rfind("cannot write " + dir + "/bien-ban.pdf: ", 0) == 0);
    CHECK(names_in(dir) == std::set<std::string>{"bien-ban.pdf"});
    CHECK(fs::is_directory(dir + "/bien-ban.pdf/inside"));
}

TEST_CASE("write_file_atomically_names_the_path_and_the_reason_when_it_cannot_start", "[core][atomic_file]") {
    const std::string dir = test_paths::scratch_dir("atomic-file-not-a-folder");
    put_file(dir + "/not-a-folder", "x");
    std::string message;
    CHECK_FALSE(vanthu::write_file_atomically(dir + "/not-a-folder/r.pdf", new_minutes, message));
    CHECK(message == "cannot write " + dir + "/not-a-folder/r.pdf: Not a directory");
    CHECK(names_in(dir) == std::set<std::string>{"not-a-folder"});
}

TEST_CASE("an_atomic_file_dropped_before_commit_leaves_the_target_as_it_was", "[core][atomic_file]") {
    const std::string dir = test_paths::scratch_dir("atomic-file-dropped");
    put_file(dir + "/bien-ban.pdf", old_minutes);
    std::string message;
    {
        vanthu::atomic_file file(dir + "/bien-ban.pdf");
        REQUIRE(file.open(message));
        REQUIRE(file.write(new_minutes.substr(0, 10), message));
        CHECK(names_in(dir).size() == 2);  // the target and the temporary file beside it
        CHECK(test_paths::read_file(dir + "/bien-ban.pdf") == old_minutes);
    }  // a render that failed after its first bytes
    CHECK(test_paths::read_file(dir + "/bien-ban.pdf") == old_minutes);
    CHECK(names_in(dir) == std::set<std::string>{"bien-ban.pdf"});
}

TEST_CASE("an_atomic_file_written_in_pieces_appears_whole_at_commit", "[core][atomic_file]") {
    const std::string dir = test_paths::scratch_dir("atomic-file-pieces");
    std::string message;
    vanthu::atomic_file file(dir + "/giay-khen.zip");
    REQUIRE(file.open(message));
    for (std::size_t at = 0; at < new_minutes.size(); at += 7) REQUIRE(file.write(new_minutes.substr(at, 7), message));
    CHECK_FALSE(fs::exists(dir + "/giay-khen.zip"));
    REQUIRE(file.commit(message));
    CHECK(test_paths::read_file(dir + "/giay-khen.zip") == new_minutes);
    CHECK(names_in(dir) == std::set<std::string>{"giay-khen.zip"});
}

TEST_CASE("files_whose_folder_the_caller_syncs_are_whole_at_commit_and_a_bad_folder_is_named", "[core][atomic_file]") {
    const std::string dir = test_paths::scratch_dir("atomic-file-by-caller");
    put_file(dir + "/m01.pdf", old_minutes);
    std::string message;
    for (const char* name : {"m01.pdf", "m02.pdf", "m03.pdf"})
        REQUIRE(vanthu::write_file_atomically(dir + "/" + name, new_minutes, message, vanthu::folder_sync::by_caller));
    for (const char* name : {"m01.pdf", "m02.pdf", "m03.pdf"}) CHECK(test_paths::read_file(dir + "/" + name) == new_minutes);
    CHECK(names_in(dir) == std::set<std::string>{"m01.pdf", "m02.pdf", "m03.pdf"});
    CHECK(vanthu::sync_folder(dir, message));
    CHECK_FALSE(vanthu::sync_folder(dir + "/khong-co", message));
    CHECK(message == "cannot sync the folder " + dir + "/khong-co: No such file or directory");
    // A failure still leaves nothing behind, whoever syncs the folder.
    {
        file_size_cap cap(8);
        CHECK_FALSE(vanthu::write_file_atomically(dir + "/m04.pdf", new_minutes, message, vanthu::folder_sync::by_caller));
    }
    CHECK(names_in(dir) == std::set<std::string>{"m01.pdf", "m02.pdf", "m03.pdf"});
}
