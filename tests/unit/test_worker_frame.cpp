// The worker channel's framing and messages: frames split at any byte boundary come out
// whole, every message survives encoding, and bad input is refused, never trusted.

#include <csignal>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include <prun/util/sha256.hpp>
#include <prun/worker/frame.hpp>
#include <prun/worker/protocol.hpp>

using namespace prun::worker;
using prun::ExitStatus;
using prun::Stream;

namespace {
std::vector<Frame> all_frames(FrameDecoder& decoder) {
    std::vector<Frame> frames;
    while (auto frame = decoder.next())
        frames.push_back(*frame);
    return frames;
}
} // namespace

TEST_CASE("frames: fields round-trip, with bytes of every value") {
    std::string binary("a\0b\xff\n", 5);
    std::string frame = FrameWriter(7)
                            .u8(200)
                            .u32(0xdeadbeef)
                            .u64(0x0123456789abcdefULL)
                            .bytes(binary)
                            .strings({"", "x", binary})
                            .take();
    FrameDecoder decoder;
    decoder.feed(frame);
    auto got = decoder.next();
    REQUIRE(got);
    CHECK(got->type == 7);
    FieldReader in(got->payload);
    CHECK(in.u8() == 200);
    CHECK(in.u32() == 0xdeadbeef);
    CHECK(in.u64() == 0x0123456789abcdefULL);
    CHECK(in.bytes() == binary);
    CHECK(in.strings() == std::vector<std::string>{"", "x", binary});
    CHECK(in.at_end());
    CHECK_FALSE(decoder.next());
    CHECK(decoder.pending() == 0);
}

TEST_CASE("frames: a stream cut anywhere gives the same frames") {
    std::string stream;
    for (int i = 0; i < 5; ++i)
        stream += FrameWriter(static_cast<std::uint8_t>(i)).bytes(std::string(i * 3, 'z')).take();
    for (std::size_t piece = 1; piece <= stream.size(); ++piece) {
        FrameDecoder decoder;
        std::vector<std::uint8_t> types;
        for (std::size_t at = 0; at < stream.size(); at += piece) {
            decoder.feed(std::string_view(stream).substr(at, piece));
            for (const Frame& frame : all_frames(decoder)) {
                types.push_back(frame.type);
                FieldReader in(frame.payload);
                CHECK(in.bytes().size() == frame.type * 3u);
            }
        }
        CHECK(types == std::vector<std::uint8_t>{0, 1, 2, 3, 4});
        CHECK(decoder.pending() == 0);
    }
}

TEST_CASE("frames: a zero or oversized length breaks the stream for good") {
    FrameDecoder empty;
    empty.feed(std::string(4, '\0'));
    CHECK_FALSE(empty.next());
    CHECK(empty.failed());

    FrameDecoder huge;
    huge.feed("\xff\xff\xff\x7f"); // ~2 GiB: refused before any allocation
    CHECK_FALSE(huge.next());
    CHECK(huge.failed());
    huge.feed(FrameWriter(1).take());
    CHECK_FALSE(huge.next());
}

TEST_CASE("frames: reads past the payload fail and stay failed") {
    std::string frame = FrameWriter(1).u32(3).take();
    FieldReader in(std::string_view(frame).substr(5));
    CHECK(in.u32() == 3);
    CHECK(in.at_end());
    CHECK(in.u8() == 0);
    CHECK_FALSE(in.ok());
    CHECK(in.bytes().empty());

    // A string count that the payload cannot hold reserves nothing.
    std::string lying = FrameWriter(1).u32(0x10000000).take();
    FieldReader strings(std::string_view(lying).substr(5));
    CHECK(strings.strings().empty());
    CHECK_FALSE(strings.ok());
}

TEST_CASE("protocol: requests round-trip") {
    RunRequest run;
    run.seq = 42;
    run.slot = 3;
    run.shell = "/bin/bash";
    run.shell_code = "echo 'a b' \"$X\"";
    run.argv = {"echo", "a b"};
    run.env = {"X=1", "EMPTY="};
    run.cwd = "sub dir";
    FrameDecoder decoder;
    decoder.feed(encode(run));
    decoder.feed(encode(SignalRequest{42, SIGTERM}));
    auto first = decode_request(*decoder.next());
    REQUIRE(first);
    const auto& got = std::get<RunRequest>(*first);
    CHECK(got.seq == 42);
    CHECK(got.slot == 3);
    CHECK(got.shell == run.shell);
    CHECK(got.shell_code == run.shell_code);
    CHECK(got.argv == run.argv);
    CHECK(got.env == run.env);
    CHECK(got.cwd == run.cwd);
    auto second = decode_request(*decoder.next());
    REQUIRE(second);
    CHECK(std::get<SignalRequest>(*second).signal == SIGTERM);
    // An event is not a request, and a signal number must be one.
    decoder.feed(encode(HelloEvent{k_protocol_version}));
    CHECK_FALSE(decode_request(*decoder.next()));
    decoder.feed(encode(SignalRequest{1, 0}));
    CHECK_FALSE(decode_request(*decoder.next()));
}

TEST_CASE("protocol: events round-trip") {
    FrameDecoder decoder;
    decoder.feed(encode(HelloEvent{k_protocol_version}));
    decoder.feed(encode_output(7, Stream::err, std::string("x\0y", 3)));
    ExitEvent exit{7, ExitStatus::killed_by(SIGKILL), {}};
    exit.usage.ru_utime = {1, 250000};
    exit.usage.ru_stime = {0, 5};
    exit.usage.ru_maxrss = 12345;
    exit.usage.ru_nivcsw = 9;
    exit.pid = 4'194'303; // pid_max's largest
    decoder.feed(encode(exit));
    decoder.feed(encode(ExitEvent{8, ExitStatus::failed_to_start(2), {}}));

    auto hello = decode_event(*decoder.next());
    REQUIRE(hello);
    CHECK(std::get<HelloEvent>(*hello).version == k_protocol_version);
    auto output = decode_event(*decoder.next());
    REQUIRE(output);
    CHECK(std::get<OutputEvent>(*output).seq == 7);
    CHECK(std::get<OutputEvent>(*output).stream == Stream::err);
    CHECK(std::get<OutputEvent>(*output).data == std::string("x\0y", 3));
    auto ended = decode_event(*decoder.next());
    REQUIRE(ended);
    const auto& got = std::get<ExitEvent>(*ended);
    CHECK(got.seq == 7);
    CHECK(got.status == ExitStatus::killed_by(SIGKILL));
    CHECK(got.usage.ru_utime.tv_sec == 1);
    CHECK(got.usage.ru_utime.tv_usec == 250000);
    CHECK(got.usage.ru_stime.tv_usec == 5);
    CHECK(got.usage.ru_maxrss == 12345);
    CHECK(got.usage.ru_nivcsw == 9);
    CHECK(got.pid == 4'194'303);
    auto not_started = decode_event(*decoder.next());
    REQUIRE(not_started);
    CHECK(std::get<ExitEvent>(*not_started).status == ExitStatus::failed_to_start(2));
    CHECK(std::get<ExitEvent>(*not_started).pid == 0);
}

TEST_CASE("protocol: a frame with fields missing or left over is refused") {
    std::string output = encode_output(1, Stream::out, "data");
    FrameDecoder decoder;
    // The same frame with its last byte cut off, and with one byte too many.
    std::string shorter = FrameWriter(17).u64(1).u8(0).u32(4).take() + "dat";
    shorter[0] = static_cast<char>(shorter.size() - 4);
    std::string longer = output + "!";
    longer[0] = static_cast<char>(longer.size() - 4);
    decoder.feed(shorter);
    decoder.feed(longer);
    CHECK_FALSE(decode_event(*decoder.next()));
    CHECK_FALSE(decode_event(*decoder.next()));
    // An unknown stream, an unknown type.
    decoder.feed(FrameWriter(17).u64(1).u8(2).bytes("x").take());
    CHECK_FALSE(decode_event(*decoder.next()));
    decoder.feed(FrameWriter(99).take());
    CHECK_FALSE(decode_event(*decoder.next()));
}

TEST_CASE("sha256: the FIPS 180-4 examples, and lengths around a block's padding") {
    using prun::sha256_hex;
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK(sha256_hex(std::string(1000000, 'a')) ==
          "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    CHECK(sha256_hex(std::string(55, 'x')) ==
          "d5e285683cd4efc02d021a5c62014694958901005d6f71e89e0989fac77e4072");
    CHECK(sha256_hex(std::string(64, 'y')) ==
          "ffbf30ab94107b2c14d75cfb455ec94f200400ddc5ce304e0c21894090db055f");
    CHECK(sha256_hex(std::string(119, 'z')) ==
          "de05957e72aca438f9b0c770cb2ee7fa0e58e08eb54536478db136d54c097abb");
}
