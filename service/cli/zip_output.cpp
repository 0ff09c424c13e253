// Owns the ZIP of split PDFs: Poco::Zip into a temporary file, renamed into place at the end.
#include "cli/zip_output.hpp"

#include <Poco/DateTime.h>
#include <Poco/Exception.h>
#include <Poco/Path.h>
#include <Poco/Zip/Compress.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace cli {

struct zip_output::impl {
    std::string path;
    std::string temp;
    std::ofstream file;
    std::unique_ptr<Poco::Zip::Compress> zip;
    bool committed = false;
};

// Remembers where the archive goes.
zip_output::zip_output(std::string path) : self_(std::make_unique<impl>()) {
    self_->path = std::move(path);
    self_->temp = self_->path + ".part-" + std::to_string(::getpid());
}

// Removes the temporary file of an archive never committed.
zip_output::~zip_output() {
    if (self_->committed) return;
    self_->zip.reset();
    if (self_->file.is_open()) self_->file.close();
    std::remove(self_->temp.c_str());
}

// Opens the temporary file and starts the archive.
bool zip_output::open(std::string& message) {
    self_->file.open(self_->temp, std::ios::binary | std::ios::trunc);
    if (!self_->file) {
        message = "cannot write " + self_->path;
        return false;
    }
    self_->zip = std::make_unique<Poco::Zip::Compress>(self_->file, true);
    return true;
}

// One entry, stored, with a fixed date so that the same batch gives the same bytes.
bool zip_output::add(const std::string& name, const std::string& bytes, std::string& message) {
    try {
        std::istringstream in(bytes);
        self_->zip->addFile(in, Poco::DateTime(2000, 1, 1), Poco::Path(name, Poco::Path::PATH_UNIX),
                            Poco::Zip::ZipCommon::CM_STORE, Poco::Zip::ZipCommon::CL_SUPERFAST);
    } catch (const Poco::Exception& e) {
        message = "cannot add " + name + " to " + self_->path + ": " + e.displayText();
        return false;
    }
    if (!self_->file) {
        message = "cannot write " + self_->path;
        return false;
    }
    return true;
}

// Writes the central directory, closes and renames the file into place.
bool zip_output::commit(std::string& message) {
    try {
        self_->zip->close();
    } catch (const Poco::Exception& e) {
        message = "cannot finish " + self_->path + ": " + e.displayText();
        return false;
    }
    self_->zip.reset();
    self_->file.close();
    if (!self_->file || std::rename(self_->temp.c_str(), self_->path.c_str()) != 0) {
        message = "cannot write " + self_->path;
        return false;
    }
    self_->committed = true;
    return true;
}

}  // namespace cli
