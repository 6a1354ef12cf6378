#include <prun/worker/protocol.hpp>

namespace prun::worker {

namespace {

// Message types: requests below 16, events from 16.
constexpr std::uint8_t k_type_run = 1;
constexpr std::uint8_t k_type_signal = 2;
constexpr std::uint8_t k_type_hello = 16;
constexpr std::uint8_t k_type_output = 17;
constexpr std::uint8_t k_type_exit = 18;

std::uint64_t usage_microseconds(const timeval& tv) {
    return static_cast<std::uint64_t>(tv.tv_sec) * 1'000'000 +
           static_cast<std::uint64_t>(tv.tv_usec);
}
timeval usage_from_microseconds(std::uint64_t us) {
    timeval tv{};
    tv.tv_sec = static_cast<time_t>(us / 1'000'000);
    tv.tv_usec = static_cast<suseconds_t>(us % 1'000'000);
    return tv;
}

// The rusage fields the reports use or might: times, memory, faults, I/O, switches.
constexpr long rusage::*k_usage_counts[] = {
    &rusage::ru_maxrss,  &rusage::ru_minflt, &rusage::ru_majflt, &rusage::ru_inblock,
    &rusage::ru_oublock, &rusage::ru_nvcsw,  &rusage::ru_nivcsw};

} // namespace

std::string encode(const RunRequest& request) {
    return FrameWriter(k_type_run)
        .u64(request.seq)
        .u32(request.slot)
        .bytes(request.shell)
        .bytes(request.shell_code)
        .strings(request.argv)
        .strings(request.env)
        .bytes(request.cwd)
        .take();
}

std::string encode(const SignalRequest& request) {
    return FrameWriter(k_type_signal)
        .u64(request.seq)
        .u32(static_cast<std::uint32_t>(request.signal))
        .take();
}

std::string encode(const HelloEvent& event) {
    return FrameWriter(k_type_hello).u32(event.version).take();
}

std::string encode_output(std::uint64_t seq, Stream stream, std::string_view data) {
    return FrameWriter(k_type_output)
        .u64(seq)
        .u8(static_cast<std::uint8_t>(stream))
        .bytes(data)
        .take();
}

std::string encode(const ExitEvent& event) {
    FrameWriter writer(k_type_exit);
    writer.u64(event.seq)
        .u8(static_cast<std::uint8_t>(event.status.kind))
        .u32(static_cast<std::uint32_t>(event.status.code))
        .u64(usage_microseconds(event.usage.ru_utime))
        .u64(usage_microseconds(event.usage.ru_stime));
    for (auto field : k_usage_counts)
        writer.u64(static_cast<std::uint64_t>(event.usage.*field));
    writer.u32(static_cast<std::uint32_t>(event.pid));
    return writer.take();
}

std::optional<Request> decode_request(const Frame& frame) {
    FieldReader in(frame.payload);
    switch (frame.type) {
    case k_type_run: {
        RunRequest request;
        request.seq = in.u64();
        request.slot = in.u32();
        request.shell = in.bytes();
        request.shell_code = in.bytes();
        request.argv = in.strings();
        request.env = in.strings();
        request.cwd = in.bytes();
        if (!in.at_end()) return std::nullopt;
        return request;
    }
    case k_type_signal: {
        SignalRequest request;
        request.seq = in.u64();
        request.signal = static_cast<std::int32_t>(in.u32());
        if (!in.at_end() || request.signal <= 0 || request.signal >= 65) return std::nullopt;
        return request;
    }
    default:
        return std::nullopt;
    }
}

std::optional<Event> decode_event(const Frame& frame) {
    FieldReader in(frame.payload);
    switch (frame.type) {
    case k_type_hello: {
        HelloEvent event;
        event.version = in.u32();
        if (!in.at_end()) return std::nullopt;
        return event;
    }
    case k_type_output: {
        OutputEvent event;
        event.seq = in.u64();
        std::uint8_t stream = in.u8();
        event.data = in.bytes();
        if (!in.at_end() || stream > 1) return std::nullopt;
        event.stream = static_cast<Stream>(stream);
        return event;
    }
    case k_type_exit: {
        ExitEvent event;
        event.seq = in.u64();
        std::uint8_t kind = in.u8();
        event.status.code = static_cast<int>(in.u32());
        event.usage.ru_utime = usage_from_microseconds(in.u64());
        event.usage.ru_stime = usage_from_microseconds(in.u64());
        for (auto field : k_usage_counts)
            event.usage.*field = static_cast<long>(in.u64());
        event.pid = static_cast<std::int32_t>(in.u32());
        if (!in.at_end() || kind > static_cast<std::uint8_t>(ExitStatus::Kind::expression_failed) ||
            event.pid < 0)
            return std::nullopt;
        event.status.kind = static_cast<ExitStatus::Kind>(kind);
        return event;
    }
    default:
        return std::nullopt;
    }
}

} // namespace prun::worker
