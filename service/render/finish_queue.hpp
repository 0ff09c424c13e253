// The thread that finishes (signs) each PDF of a split batch while the next ones are painted:
// options::finish_pdf off the painting thread, the PDFs passed on in the order they came.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

#include "render/render.hpp"

namespace render::detail {

class finish_queue {
public:
    // Starts the thread; each PDF pushed is finished, then handed to next (on that thread).
    finish_queue(const std::function<bool(std::string&, std::string&)>& finish, const pdf_sink& next);
    // Stops the thread; PDFs not yet finished are dropped (close() first to keep them).
    ~finish_queue();
    finish_queue(const finish_queue&) = delete;
    finish_queue& operator=(const finish_queue&) = delete;

    // Queues a PDF, waiting while the queue is full; false (with the finisher's or the
    // sink's message) once one of them has failed, so that the painting stops.
    bool push(const std::string& id, std::string pdf, std::string& message);
    // Waits until every queued PDF is finished and handed on; false with the first failure.
    bool close(std::string& message);

private:
    void run();

    // At most this many painted PDFs wait (about 100 kB each): the painter runs ahead of the
    // finisher by a few chunks' worth at most, and memory stays flat.
    static constexpr std::size_t capacity = 64;

    const std::function<bool(std::string&, std::string&)>& finish_;
    const pdf_sink& next_;
    std::mutex lock_;
    std::condition_variable changed_;
    std::deque<std::pair<std::string, std::string>> waiting_;  // recipient id, PDF
    bool closing_ = false;
    bool busy_ = false;        // the thread holds a PDF taken off the queue
    std::string failure_;      // the first failure; non-empty stops everything
    std::thread thread_;
};

}  // namespace render::detail
