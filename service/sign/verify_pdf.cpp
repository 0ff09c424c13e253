// Owns verifying a PDF's signatures: each signed field's CMS over its ByteRange bytes, what
// the range covers (which revision, all but /Contents), who signed and when.
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/pkcs7.h>
#include <openssl/ts.h>
#include <openssl/x509_vfy.h>

#include <cctype>
#include <map>
#include <memory>

#include "sign/cms.hpp"
#include "sign/credentials_impl.hpp"
#include "sign/parts.hpp"

namespace sign {

namespace {

// Where each revision ends: one past "%%EOF" and its end of line, for each %%EOF that
// follows a startxref (a %%EOF inside a stream's data is not an end).
std::vector<std::size_t> revision_ends(std::string_view bytes) {
    std::vector<std::size_t> ends;
    for (std::size_t at = bytes.find("%%EOF"); at != std::string_view::npos; at = bytes.find("%%EOF", at + 5)) {
        std::size_t from = at > 48 ? at - 48 : 0;
        if (bytes.substr(from, at - from).find("startxref") == std::string_view::npos) continue;
        std::size_t end = at + 5;
        if (end < bytes.size() && bytes[end] == '\r') ++end;
        if (end < bytes.size() && bytes[end] == '\n') ++end;
        ends.push_back(end);
    }
    return ends;
}

// Reads /ByteRange [0 a b c] and checks that [a, b) is exactly the /Contents hex string;
// false with the reason.
bool read_byte_range(std::string_view bytes, const pdf::value& sig, std::size_t range[4], std::string& why) {
    const pdf::value* br = sig.find("ByteRange");
    if (!br || br->kind != pdf::value_kind::array || br->items.size() != 4) {
        why = "no /ByteRange of four numbers";
        return false;
    }
    for (std::size_t i = 0; i < 4; ++i)
        if (!br->items[i].to_count(range[i])) {
            why = "a /ByteRange entry is not a whole number";
            return false;
        }
    const std::size_t a = range[1], b = range[2];
    if (range[0] != 0 || a >= b || b + range[3] > bytes.size()) {
        why = "the /ByteRange does not start at 0 or goes past the end of the file";
        return false;
    }
    std::string_view hole = bytes.substr(a, b - a);
    bool hex = hole.size() >= 2 && hole.front() == '<' && hole.back() == '>';
    for (std::size_t i = 1; hex && i + 1 < hole.size(); ++i) hex = std::isxdigit(static_cast<unsigned char>(hole[i]));
    if (!hex) why = "the bytes left out of the /ByteRange are not just the /Contents string";
    return hex;
}

// The signer info's certificate among the CMS's certificates; nullptr when absent.
X509* signer_certificate(CMS_ContentInfo* cms, CMS_SignerInfo* si) {
    STACK_OF(X509)* certs = CMS_get1_certs(cms);
    X509* found = nullptr;
    for (int i = 0; certs && i < sk_X509_num(certs) && !found; ++i)
        if (CMS_SignerInfo_cert_cmp(si, sk_X509_value(certs, i)) == 0) {
            found = sk_X509_value(certs, i);
            X509_up_ref(found);
        }
    sk_X509_pop_free(certs, X509_free);
    return found;
}

// The token of the signer's id-aa-signatureTimeStampToken attribute, empty when none.
std::string timestamp_token(CMS_SignerInfo* si) {
    int at = CMS_unsigned_get_attr_by_NID(si, NID_id_smime_aa_timeStampToken, -1);
    X509_ATTRIBUTE* attr = at >= 0 ? CMS_unsigned_get_attr(si, at) : nullptr;
    ASN1_TYPE* type = attr ? X509_ATTRIBUTE_get0_type(attr, 0) : nullptr;
    if (!type || type->type != V_ASN1_SEQUENCE) return {};
    return std::string(reinterpret_cast<const char*>(type->value.sequence->data),
                       static_cast<std::size_t>(type->value.sequence->length));
}

// The trust store of --ca; nullptr with the reason when it cannot be loaded.
X509_STORE* load_store(const std::string& ca_file, std::string& why) {
    X509_STORE* store = X509_STORE_new();
    if (!store || X509_STORE_load_file(store, ca_file.c_str()) != 1) {
        why = "cannot load the trust anchors in " + ca_file + " (" + openssl_error() + ")";
        X509_STORE_free(store);
        return nullptr;
    }
    X509_STORE_set_purpose(store, X509_PURPOSE_ANY);  // document signing certificates are not S/MIME ones
    return store;
}

// Whether the time-stamp token is a TSA's signature over the signer info's signature value
// (RFC 3161: its imprint is the value's digest; CAdES puts it there). With trust anchors the
// TSA's certificate must chain to them and be for time-stamping (OpenSSL's checks); without,
// the token's own signature is still checked against the certificate it carries. False with
// the reason: a token altered after signing (its time moved, say) stays outside the ByteRange.
bool check_timestamp(const std::string& token, CMS_SignerInfo* si, X509_STORE* store, std::string& why) {
    const auto* p = reinterpret_cast<const unsigned char*>(token.data());
    std::unique_ptr<PKCS7, decltype(&PKCS7_free)> p7(d2i_PKCS7(nullptr, &p, static_cast<long>(token.size())),
                                                     PKCS7_free);
    ASN1_OCTET_STRING* value = CMS_SignerInfo_get0_signature(si);
    if (!p7 || !value) {
        why = "the time-stamp token cannot be read";
        return false;
    }
    std::unique_ptr<TS_VERIFY_CTX, decltype(&TS_VERIFY_CTX_free)> ctx(TS_VERIFY_CTX_new(), TS_VERIFY_CTX_free);
    BIO* stamped = BIO_new_mem_buf(value->data, value->length);
    if (!ctx || !stamped) {
        BIO_free(stamped);
        why = "cannot check the time-stamp: out of memory";
        return false;
    }
    TS_VERIFY_CTX_set_data(ctx.get(), stamped);  // the context frees it
    const bool trusted = store && X509_STORE_up_ref(store) == 1;
    if (trusted) TS_VERIFY_CTX_set_store(ctx.get(), store);  // and this reference
    TS_VERIFY_CTX_set_flags(ctx.get(), TS_VFY_VERSION | TS_VFY_DATA | (trusted ? TS_VFY_SIGNATURE : 0));
    bool ok = TS_RESP_verify_token(ctx.get(), p7.get()) == 1;
    if (ok && !trusted) ok = PKCS7_verify(p7.get(), nullptr, nullptr, nullptr, nullptr, PKCS7_NOVERIFY) == 1;
    if (!ok) why = "the time-stamp does not verify against this signature (" + openssl_error() + ")";
    return ok;
}

// Verifies the CMS over the two ranges and fills the signer, the time-stamp and the result.
void check_cms(std::string_view bytes, const std::size_t range[4], const std::string& der,
               const verify_options& options, signature_report& report) {
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    std::unique_ptr<CMS_ContentInfo, decltype(&CMS_ContentInfo_free)> cms(
        d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(der.size())), CMS_ContentInfo_free);
    STACK_OF(CMS_SignerInfo)* infos = cms ? CMS_get0_SignerInfos(cms.get()) : nullptr;
    if (!infos || sk_CMS_SignerInfo_num(infos) != 1) {
        report.problem = "/Contents is not a CMS SignedData with one signer";
        return;
    }
    CMS_SignerInfo* si = sk_CMS_SignerInfo_value(infos, 0);
    if (X509* cert = signer_certificate(cms.get(), si)) {
        report.signer = subject_entry(cert, NID_commonName);
        X509_free(cert);
    }
    X509_STORE* store = options.ca_file.empty() ? nullptr : load_store(options.ca_file, report.problem);
    if (!options.ca_file.empty() && !store) return;
    std::string stamp_problem;
    if (std::string token = timestamp_token(si); !token.empty()) {
        report.timestamped = true;
        report.timestamp_time = timestamp_time(token);
        report.timestamp_ok = check_timestamp(token, si, store, stamp_problem);
    }
    std::string content(bytes.substr(0, range[1]));
    content.append(bytes.substr(range[2], range[3]));
    BIO* data = BIO_new_mem_buf(content.data(), static_cast<int>(content.size()));
    unsigned flags = CMS_BINARY | (store ? 0u : static_cast<unsigned>(CMS_NO_SIGNER_CERT_VERIFY));
    report.signature_ok = CMS_verify(cms.get(), nullptr, store, data, nullptr, flags) == 1;
    if (!report.signature_ok) report.problem = "the signature does not verify (" + openssl_error() + ")";
    else if (report.timestamped && !report.timestamp_ok) report.problem = stamp_problem;
    X509_STORE_free(store);
    BIO_free(data);
}

}  // namespace

std::vector<signature_report> verify_pdf(std::string_view pdf, const verify_options& options,
                                         vanthu::diagnostics& problems) {
    std::vector<signature_report> reports;
    auto file = read_signed_pdf(pdf, "cannot verify", problems);
    document_form form;
    if (!file || !read_form(*file, form, "cannot verify", problems)) return reports;
    const std::vector<std::size_t> ends = revision_ends(pdf);
    std::map<std::uint32_t, std::string> seen;  // signature dictionary -> first field holding it
    for (const signature_field& field : form.signatures) {
        if (!field.is_signed()) continue;
        signature_report report;
        report.field = field.name;
        if (auto first = seen.emplace(field.value, field.name); !first.second) report.same_as = first.first->second;
        report.revisions = ends.size();
        const pdf::stored_object* sig = file->object(field.value, problems);
        if (!sig || sig->dict.kind != pdf::value_kind::dictionary) {
            report.problem = "its /V is not a signature dictionary";
            reports.push_back(report);
            continue;
        }
        if (const pdf::value* m = sig->dict.find("M")) report.signing_time = iso_from_pdf_date(decode_text(*m));
        std::size_t range[4] = {0, 0, 0, 0};
        if (read_byte_range(pdf, sig->dict, range, report.problem)) {
            for (std::size_t i = 0; i < ends.size(); ++i)
                if (ends[i] == range[2] + range[3]) report.revision = i + 1;
            report.range_ok = report.revision != 0;
            if (!report.range_ok) report.problem = "the signed bytes do not end where a revision ends";
            const pdf::value* contents = sig->dict.find("Contents");
            std::string der = contents ? pdf::string_bytes(*contents) : std::string();
            check_cms(pdf, range, der, options, report);
        }
        reports.push_back(report);
    }
    return reports;
}

}  // namespace sign
