#include <zstd.h>

#include <prun/output/codec.hpp>
#include <prun/util/error.hpp>
#include <prun/util/pipe_filter.hpp>

namespace prun {

namespace {

// Level 1: held output is read back once, soon; speed matters more than the last few
// percent (zstd -1 still shrinks typical logs five to ten times).
constexpr int k_zstd_level = 1;

class ZstdCodec : public Codec {
public:
    ZstdCodec() : m_compress(ZSTD_createCCtx()), m_decompress(ZSTD_createDCtx()) {
        if (m_compress == nullptr || m_decompress == nullptr)
            throw Error("cannot start zstd for --compress: out of memory");
    }
    ~ZstdCodec() override {
        ZSTD_freeCCtx(m_compress);
        ZSTD_freeDCtx(m_decompress);
    }
    ZstdCodec(const ZstdCodec&) = delete;
    ZstdCodec& operator=(const ZstdCodec&) = delete;

    void compress(std::string_view data, std::string& frame) override {
        frame.resize(ZSTD_compressBound(data.size()));
        std::size_t n = ZSTD_compressCCtx(m_compress, frame.data(), frame.size(), data.data(),
                                          data.size(), k_zstd_level);
        if (ZSTD_isError(n) != 0)
            throw Error("--compress: zstd cannot compress held output: {}", ZSTD_getErrorName(n));
        frame.resize(n);
    }

    void decompress(std::string_view frame, std::size_t size, std::string& data) override {
        data.resize(size);
        std::size_t n =
            ZSTD_decompressDCtx(m_decompress, data.data(), data.size(), frame.data(), frame.size());
        if (ZSTD_isError(n) != 0 || n != size)
            throw Error("--compress: held output read back from the temporary file is damaged "
                        "({})",
                        ZSTD_isError(n) != 0 ? ZSTD_getErrorName(n) : "wrong length");
    }

private:
    ZSTD_CCtx* m_compress;
    ZSTD_DCtx* m_decompress;
};

class ProgramCodec : public Codec {
public:
    ProgramCodec(std::string compress_program, std::string decompress_program)
        : m_compress(std::move(compress_program)), m_decompress(std::move(decompress_program)) {}

    void compress(std::string_view data, std::string& frame) override {
        frame = filter("--compress-program", m_compress, data);
    }

    void decompress(std::string_view frame, std::size_t size, std::string& data) override {
        data = filter("--decompress-program", m_decompress, frame);
        if (data.size() != size)
            throw Error("--decompress-program '{}' gave back {} bytes of a block of {}",
                        excerpt(m_decompress), data.size(), size);
    }

private:
    static std::string filter(const char* option, const std::string& program,
                              std::string_view input) {
        FilterResult result = run_filter({"/bin/sh", "-c", program}, input);
        if (result.wait_status != 0)
            throw Error("{} '{}' failed ({})", option, excerpt(program),
                        describe_wait_status(result.wait_status));
        return std::move(result.output);
    }

    std::string m_compress;
    std::string m_decompress;
};

} // namespace

std::unique_ptr<Codec> make_zstd_codec() {
    return std::make_unique<ZstdCodec>();
}

std::unique_ptr<Codec> make_program_codec(std::string compress_program,
                                          std::string decompress_program) {
    if (decompress_program.empty()) decompress_program = compress_program + " -dc";
    return std::make_unique<ProgramCodec>(std::move(compress_program),
                                          std::move(decompress_program));
}

void check_codec(Codec& codec) {
    // Several lines, so that a program that only handles text or needs a newline is tried
    // on what held output looks like.
    const std::string sample = "prun checks its --compress program\nwith two lines\n";
    std::string frame, back;
    codec.compress(sample, frame);
    codec.decompress(frame, sample.size(), back);
    if (back != sample)
        throw Error("--compress: the decompress program does not give back what the compress "
                    "program was given");
}

} // namespace prun
