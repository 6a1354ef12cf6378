// The worker channel's frame decoder and message decoding (prun/worker/): never crash,
// never allocate what a length claims before the bytes are there, and every frame that
// decodes re-encodes to exactly the bytes it came from. The input is also fed in two
// pieces, cut where its first byte says: the frames must not depend on how a pipe splits
// the stream.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <prun/worker/frame.hpp>
#include <prun/worker/protocol.hpp>

using namespace prun::worker;

namespace {

void check(bool condition) {
    if (!condition) __builtin_trap();
}

// What a decoded message encodes back to, or "" when it does not decode.
std::string reencode(const Frame& frame) {
    if (auto request = decode_request(frame)) {
        if (auto* run = std::get_if<RunRequest>(&*request)) return encode(*run);
        return encode(std::get<SignalRequest>(*request));
    }
    if (auto event = decode_event(frame)) {
        if (auto* hello = std::get_if<HelloEvent>(&*event)) return encode(*hello);
        if (auto* output = std::get_if<OutputEvent>(&*event))
            return encode_output(output->seq, output->stream, output->data);
        return encode(std::get<ExitEvent>(*event));
    }
    return std::string();
}

std::string raw(const Frame& frame) {
    std::string bytes = FrameWriter(frame.type).take();
    bytes += frame.payload;
    auto length = static_cast<std::uint32_t>(frame.payload.size() + 1);
    for (int i = 0; i < 4; ++i)
        bytes[static_cast<std::size_t>(i)] = static_cast<char>(length >> (8 * i));
    return bytes;
}

struct Result {
    std::vector<std::string> frames;
    bool failed = false;
};

Result decode_all(std::string_view input, std::size_t cut) {
    FrameDecoder decoder;
    Result result;
    for (std::string_view piece : {input.substr(0, cut), input.substr(cut)}) {
        decoder.feed(piece);
        while (auto frame = decoder.next()) {
            check(frame->payload.size() + 1 <= k_max_frame);
            result.frames.push_back(raw(*frame));
            std::string again = reencode(*frame);
            // A message that decodes is exactly its bytes: nothing ignored, nothing added.
            if (!again.empty()) check(again == result.frames.back());
        }
    }
    result.failed = decoder.failed();
    return result;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    std::size_t cut = size == 0 ? 0 : data[0] % (size + 1);
    Result whole = decode_all(input, input.size());
    Result split = decode_all(input, cut);
    check(whole.frames == split.frames);
    check(whole.failed == split.failed);
    // The frames are the input's prefix, in order.
    std::string joined;
    for (const std::string& frame : whole.frames)
        joined += frame;
    check(input.substr(0, joined.size()) == joined);
    return 0;
}
