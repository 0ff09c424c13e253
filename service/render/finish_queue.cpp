// Owns the finishing thread of a split batch (finish_queue.hpp): a bounded queue between the
// painting thread and the one that signs and passes on each PDF.
#include "render/finish_queue.hpp"

namespace render::detail {

finish_queue::finish_queue(const std::function<bool(std::string&, std::string&)>& finish, const pdf_sink& next)
    : finish_(finish), next_(next), thread_([this] { run(); }) {}

finish_queue::~finish_queue() {
    {
        std::lock_guard<std::mutex> hold(lock_);
        closing_ = true;
        if (failure_.empty()) failure_ = "the batch stopped";
        waiting_.clear();
    }
    changed_.notify_all();
    if (thread_.joinable()) thread_.join();
}

bool finish_queue::push(const std::string& id, std::string pdf, std::string& message) {
    std::unique_lock<std::mutex> hold(lock_);
    changed_.wait(hold, [this] { return waiting_.size() < capacity || !failure_.empty(); });
    if (!failure_.empty()) {
        message = failure_;
        return false;
    }
    waiting_.emplace_back(id, std::move(pdf));
    hold.unlock();
    changed_.notify_all();
    return true;
}

bool finish_queue::close(std::string& message) {
    std::unique_lock<std::mutex> hold(lock_);
    closing_ = true;
    changed_.notify_all();
    changed_.wait(hold, [this] { return (waiting_.empty() && !busy_) || !failure_.empty(); });
    message = failure_;
    return failure_.empty();
}

void finish_queue::run() {
    for (;;) {
        std::pair<std::string, std::string> item;
        {
            std::unique_lock<std::mutex> hold(lock_);
            changed_.wait(hold, [this] { return !waiting_.empty() || closing_ || !failure_.empty(); });
            if (!failure_.empty() || waiting_.empty()) return;  // failed, or closed and drained
            item = std::move(waiting_.front());
            waiting_.pop_front();
            busy_ = true;
        }
        changed_.notify_all();
        std::string why;
        const bool ok = finish_(item.second, why) && next_(item.first, item.second, why);
        {
            std::lock_guard<std::mutex> hold(lock_);
            busy_ = false;
            if (!ok) failure_ = why.empty() ? "cannot finish " + item.first + ".pdf" : why;
        }
        changed_.notify_all();
    }
}

}  // namespace render::detail
