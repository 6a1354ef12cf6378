#include <spdlog/sinks/sink.h>
#include <spdlog/spdlog.h>

#include <prun/output/terminal_log.hpp>

namespace prun {

namespace {

class GuardedSink final : public spdlog::sinks::sink {
public:
    GuardedSink(Terminal& terminal, std::vector<spdlog::sink_ptr> inner)
        : m_terminal(terminal), m_inner(std::move(inner)) {}

    void log(const spdlog::details::log_msg& message) override {
        m_terminal.before_output();
        for (auto& inner : m_inner)
            if (inner->should_log(message.level)) inner->log(message);
        m_terminal.after_output('\n'); // a message is a whole line
    }
    void flush() override {
        for (auto& inner : m_inner)
            inner->flush();
    }
    void set_pattern(const std::string& pattern) override {
        for (auto& inner : m_inner)
            inner->set_pattern(pattern);
    }
    void set_formatter(std::unique_ptr<spdlog::formatter> formatter) override {
        for (auto& inner : m_inner)
            inner->set_formatter(formatter->clone());
    }

private:
    Terminal& m_terminal;
    std::vector<spdlog::sink_ptr> m_inner;
};

} // namespace

TerminalLogGuard::TerminalLogGuard(Terminal& terminal) {
    auto& sinks = spdlog::default_logger_raw()->sinks();
    m_saved = sinks;
    sinks.assign({std::make_shared<GuardedSink>(terminal, m_saved)});
}

TerminalLogGuard::~TerminalLogGuard() {
    spdlog::default_logger_raw()->sinks() = m_saved;
}

} // namespace prun
