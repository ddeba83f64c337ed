// libFuzzer target: the RTL server's handling of malformed wire messages. An input is a sequence of messages, each
// [kind: 1 byte][length: 2 bytes, little-endian][payload], the payload a serialized Handshake, Configure, Preload or
// CommandBatch message (bridge/proto/cosim.proto) given to the same Service the server runs, without the transport.
// A payload that does not parse is dropped, as gRPC drops it; anything else must be answered, never crash.
#include <cstddef>
#include <cstdint>
#include <memory>

#include "service.h"

using namespace hwmodel_rtl;

namespace {

template <typename M>
bool parse(M& m, const uint8_t* p, size_t n) { return m.ParseFromArray(p, static_cast<int>(n)); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Simulator* sim = new Simulator();
  static Options opt;
  static Service* service = new Service(*sim, opt);
  uint64_t index = 0;
  size_t p = 0;
  for (int messages = 0; p + 3 <= size && messages < 64; messages++) {
    uint8_t kind = data[p];
    size_t n = data[p + 1] | static_cast<size_t>(data[p + 2]) << 8;
    p += 3;
    if (n > size - p) n = size - p;
    const uint8_t* m = data + p;
    p += n;
    switch (kind % 4) {
      case 0: {
        HandshakeRequest req;
        HandshakeReply rep;
        if (parse(req, m, n)) service->Handshake(nullptr, &req, &rep);
        break;
      }
      case 1: {
        ConfigureRequest req;
        ConfigureReply rep;
        // every pseudo-channel of a slice holds its banks' data (17 MB with HBM-PIM): a real configuration may ask
        // for all of them, which is memory by design, not a fault; the fuzzer explores with at most four
        if (!parse(req, m, n)) break;
        if (req.pseudo_channels() > 4) req.set_pseudo_channels(4);
        service->Configure(nullptr, &req, &rep);
        break;
      }
      case 2: {
        PreloadRequest req;
        PreloadReply rep;
        if (parse(req, m, n)) service->Preload(nullptr, &req, &rep);
        break;
      }
      default: {
        CommandBatch in;
        ResultBatch out;
        if (parse(in, m, n) && in.cycle_size() <= 4096) service->Process(in, out, index);
        break;
      }
    }
  }
  return 0;
}
