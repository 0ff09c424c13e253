// Owns the split render: one PDF per recipient, gathered into one deterministic ZIP.
#include "worker/render_zip.hpp"

#include <sstream>
#include <string>

#include <Poco/DateTime.h>
#include <Poco/Exception.h>
#include <Poco/Path.h>
#include <Poco/Zip/Compress.h>

namespace worker {

// Each recipient's PDF goes into the ZIP as soon as render_split hands it over.
render::result render_zip(std::string_view record_bytes, const render::options& opts) {
    std::ostringstream zip_bytes;
    Poco::Zip::Compress zip(zip_bytes, true);
    const Poco::DateTime fixed(1980, 1, 1);
    render::result r = render::render_split(record_bytes, opts,
        [&zip, &fixed](const std::string& recipient, const std::string& pdf, std::string& message) {
            try {
                std::istringstream in(pdf);
                zip.addFile(in, fixed, Poco::Path(recipient + ".pdf"), Poco::Zip::ZipCommon::CM_STORE);
                return true;
            } catch (const Poco::Exception& e) {
                message = "cannot add " + recipient + ".pdf to the ZIP: " + e.displayText();
                return false;
            }
        });
    try {
        zip.close();
    } catch (const Poco::Exception& e) {
        if (r) r.status = render::failure::internal;
        r.problems.error({}, "cannot finish the ZIP: " + e.displayText());
    }
    if (r) r.pdf = zip_bytes.str();
    return r;
}

}  // namespace worker
