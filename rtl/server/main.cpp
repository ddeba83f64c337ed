// HwModel RTL server: the Verilated pseudo-channel models behind the gRPC service of bridge/proto/cosim.proto.
// Prints "READY <address>" when listening; exits when its standard input closes (so a killed client leaves no
// orphan). Listens on loopback or a unix socket only, unless --allow-remote is given.
#include <grpcpp/grpcpp.h>
#include <malloc.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>

#include "cosim.grpc.pb.h"
#include "sim.h"

using namespace hwmodel::cosim;

static constexpr uint32_t kProtocolVersion = PROTOCOL_VERSION_CURRENT;

namespace {

struct Options {
  std::string listen = "127.0.0.1:0";
  bool allow_remote = false;
  std::string vcd;
  uint32_t vcd_pc = 0;
  uint64_t vcd_from = 0, vcd_to = UINT64_MAX;
  std::string replay;
  long hang_after = -1;  // test hook: stop answering after this many commands
};

bool is_loopback(const std::string& a) {
  return a.rfind("unix:", 0) == 0 || a.rfind("127.", 0) == 0 || a.rfind("localhost:", 0) == 0 || a.rfind("[::1]:", 0) == 0;
}

class Service final : public RtlSim::Service {
 public:
  Service(Simulator& sim, const Options& o) : sim_(sim), opt_(o) {}

  grpc::Status Handshake(grpc::ServerContext*, const HandshakeRequest* req, HandshakeReply* rep) override {
    rep->set_protocol_version(kProtocolVersion);
    rep->set_max_banks(Simulator::kMaxBanks);
    rep->set_stored_rows(Simulator::kStoredRows);
    rep->set_pim_max_banks(Simulator::kPimMaxBanks);
    rep->set_pim_stored_rows(Simulator::kPimStoredRows);
    rep->set_columns(Simulator::kColumns);
    rep->set_burst_bits(Simulator::kBurstBits);
    rep->set_max_rules(RULE_COLUMN_BUS);
    rep->set_max_pseudo_channels(Simulator::kMaxPcs);
    if (req->protocol_version() != kProtocolVersion) {
      rep->set_accepted(false);
      rep->set_message("protocol version mismatch: client speaks " + std::to_string(req->protocol_version()) +
                       ", this RTL server speaks " + std::to_string(kProtocolVersion) + "; rebuild one of them");
    } else
      rep->set_accepted(true);
    return grpc::Status::OK;
  }

  grpc::Status Heartbeat(grpc::ServerContext*, const Ping* p, Pong* r) override {
    if (hung_) std::this_thread::sleep_for(std::chrono::hours(1));
    r->set_nonce(p->nonce());
    r->set_commands_processed(done_.load());
    return grpc::Status::OK;
  }

  grpc::Status Configure(grpc::ServerContext*, const ConfigureRequest* req, ConfigureReply* rep) override {
    std::vector<RuleRecord> rules;
    for (const auto& r : req->rules())
      rules.push_back({r.scope(), r.preceding_mask(), r.following_mask(), r.latency_cycles(), r.window(), r.sibling()});
    OrgConfig org;
    org.banks = req->banks();
    org.bg_shift = req->bank_group_shift();
    org.sid_shift = req->stack_id_shift();
    org.act_halves = req->act_half_cycles();
    org.row_halves = req->row_half_cycles();
    org.pim = req->pim();
    org.rows = req->rows();
    org.pcs = req->pseudo_channels();
    std::lock_guard<std::mutex> lock(mu_);
    try {
      sim_.configure(rules, org);
      if (req->instantiate_all()) sim_.instantiate_all();
      done_ = 0;
      rep->set_ok(true);
    } catch (const std::exception& e) {
      rep->set_ok(false);
      rep->set_message(e.what());
    }
    return grpc::Status::OK;
  }

  grpc::Status Preload(grpc::ServerContext*, const PreloadRequest* req, PreloadReply* rep) override {
    int n = req->pseudo_channel_size();
    if ((int)req->data().size() != 32 * n || req->bank_size() != n || req->row_size() != n || req->column_size() != n)
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "preload arrays differ in length");
    std::lock_guard<std::mutex> lock(mu_);
    for (int i = 0; i < n; i++)
      sim_.preload(req->pseudo_channel(i), req->bank(i), req->row(i), req->column(i),
                   reinterpret_cast<const uint8_t*>(req->data().data()) + 32 * i);
    rep->set_bursts(n);
    return grpc::Status::OK;
  }

  grpc::Status Stream(grpc::ServerContext* ctx, grpc::ServerReaderWriter<ResultBatch, CommandBatch>* stream) override {
    CommandBatch in;
    uint64_t index = 0;
    while (stream->Read(&in)) {
      ResultBatch out;
      out.set_id(in.id());
      int n = in.cycle_size();
      if (in.word_size() != n || in.row_size() != n) {
        out.set_error("batch " + std::to_string(in.id()) + ": cycle, word and row arrays differ in length");
        stream->Write(out);
        break;
      }
      bool schedule = in.mode() == SCHEDULE;
      const uint64_t* cycles = in.cycle().data();
      const uint32_t* words = in.word().data();
      const uint32_t* rows = in.row().data();
      const uint8_t* wd = reinterpret_cast<const uint8_t*>(in.write_data().data());
      size_t wleft = in.write_data().size();
      std::string reads;
      reads.reserve(32 * static_cast<size_t>(n));  // at most one burst per command: no regrowth while simulating
      {
        std::lock_guard<std::mutex> lock(mu_);
        uint64_t done = done_.load();
        for (int i = 0; i < n; i++, index++, done++) {
          if (opt_.hang_after >= 0 && (long)done >= opt_.hang_after) {
            done_ = done;
            hung_ = true;
            std::this_thread::sleep_for(std::chrono::hours(1));
          }
          CommandIn c{cycles[i], words[i], rows[i], nullptr};
          if (Simulator::carries_write_data(c.word & 0xFF)) {
            if (wleft < 32) {
              out.set_error("batch " + std::to_string(in.id()) + ": command " + std::to_string(i) + " needs 32 bytes of write data");
              break;
            }
            c.wdata = wd;
            wd += 32;
            wleft -= 32;
          }
          CommandOut r;
          try {
            r = sim_.execute(c, schedule);
          } catch (const std::exception& e) {
            out.set_error(e.what());
            break;
          }
          if (schedule) {
            out.add_issue_cycle(r.issue_cycle);
            out.add_second_half(r.second_half);
          }
          if (r.has_read) reads.append(reinterpret_cast<const char*>(r.rdata), 32);
          if ((r.viol_words[0] | r.viol_words[1] | r.viol_words[2] | r.viol_words[3]) != 0) {  // the rare case
            for (int w = 0; w < 4; w++)
              for (uint32_t bits = r.viol_words[w]; bits; bits &= bits - 1) {
                auto* v = out.add_violations();
                v->set_command_index(index);
                v->set_rule(32 * w + __builtin_ctz(bits));
                v->set_cycle(schedule ? r.issue_cycle : c.cycle);
                v->set_pseudo_channel(c.word >> 25 & 0x7F);
                v->set_detail(32 * w + __builtin_ctz(bits) == RULE_PIM_PROTOCOL ? r.pim_error : 0);
              }
          }
          if ((i & 1023) == 1023) done_ = done + 1;  // progress for the heartbeat, without an atomic per command
        }
        done_ = done;
      }
      out.set_read_data(std::move(reads));  // moved, not copied (half a megabyte per batch on a read stream)
      out.set_commands_done(done_.load());
      if (!stream->Write(out) || !out.error().empty() || ctx->IsCancelled()) break;
    }
    return grpc::Status::OK;
  }

  grpc::Status Shutdown(grpc::ServerContext*, const Empty*, Empty*) override {
    shutdown_requested_ = true;
    return grpc::Status::OK;
  }

  std::atomic<bool> shutdown_requested_{false};

 private:
  Simulator& sim_;
  Options opt_;
  std::mutex mu_;  // the Verilated models are not thread-safe; gRPC's sync server is multi-threaded
  std::atomic<uint64_t> done_{0};
  std::atomic<bool> hung_{false};
};

// Replays a command file (binary: per command 8-byte cycle, 4-byte word, 4-byte row, then 32 bytes of write data
// when the command carries data) without gRPC, for the co-simulation benchmark.
int replay(Simulator& sim, const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) { std::cerr << "error: cannot open " << path << "\n"; return 2; }
  std::vector<RuleRecord> rules;
  OrgConfig org;
  // header: rule count, rules (6 x u32), org (8 x u32)
  uint32_t nr;
  f.read(reinterpret_cast<char*>(&nr), 4);
  for (uint32_t i = 0; i < nr; i++) {
    uint32_t v[6];
    f.read(reinterpret_cast<char*>(v), sizeof v);
    rules.push_back({v[0], v[1], v[2], v[3], v[4], v[5] != 0});
  }
  uint32_t o[8];
  f.read(reinterpret_cast<char*>(o), sizeof o);
  org.banks = o[0]; org.bg_shift = o[1]; org.sid_shift = o[2]; org.act_halves = o[3]; org.row_halves = o[4];
  org.pim = o[5] != 0; org.rows = o[6]; org.pcs = o[7];
  sim.configure(rules, org);
  sim.instantiate_all();  // set-up (allocating and clearing the data arrays) is not part of the timed replay
  std::vector<char> buf((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  auto t0 = std::chrono::steady_clock::now();
  size_t p = 0;
  uint64_t n = 0, viol = 0;
  while (p + 16 <= buf.size()) {
    CommandIn c;
    std::memcpy(&c.cycle, &buf[p], 8);
    std::memcpy(&c.word, &buf[p + 8], 4);
    std::memcpy(&c.row, &buf[p + 12], 4);
    p += 16;
    c.wdata = nullptr;
    if (Simulator::carries_write_data(c.word & 0xFF)) { c.wdata = reinterpret_cast<const uint8_t*>(&buf[p]); p += 32; }
    auto r = sim.execute(c, false);
    for (int w = 0; w < 4; w++) viol += __builtin_popcount(r.viol_words[w]);
    n++;
  }
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("REPLAY commands=%llu seconds=%.6f commands_per_second=%.0f violations=%llu\n", (unsigned long long)n, s, n / s,
              (unsigned long long)viol);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // Batches allocate messages of hundreds of kilobytes (a read stream's results: 32 bytes per command); glibc would
  // map and unmap each from the kernel (page faults and zeroing on every batch). Keep them in the heap instead.
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  Options o;
  for (int i = 1; i < argc; i++) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) { std::cerr << "error: " << a << " needs a value\n"; std::exit(2); }
      return argv[++i];
    };
    if (a == "--listen") o.listen = next();
    else if (a == "--allow-remote") o.allow_remote = true;
    else if (a == "--vcd") o.vcd = next();
    else if (a == "--vcd-pc") o.vcd_pc = std::stoul(next());
    else if (a == "--vcd-window") {
      std::string w = next();
      auto colon = w.find(':');
      if (colon == std::string::npos) { std::cerr << "error: --vcd-window expects FROM:TO (cycles)\n"; return 2; }
      o.vcd_from = std::stoull(w.substr(0, colon));
      o.vcd_to = std::stoull(w.substr(colon + 1));
    } else if (a == "--replay") o.replay = next();
    else if (a == "--debug-hang-after") o.hang_after = std::stol(next());
    else if (a == "--help") {
      std::cout << "hwmodel-rtl-server [--listen 127.0.0.1:0|unix:/path] [--allow-remote] [--vcd FILE --vcd-window FROM:TO "
                   "--vcd-pc N] [--replay FILE]\n";
      return 0;
    } else { std::cerr << "error: unknown argument " << a << "\n"; return 2; }
  }
  Simulator sim;
  if (!o.vcd.empty()) sim.enable_vcd(o.vcd, o.vcd_pc, o.vcd_from, o.vcd_to);
  if (!o.replay.empty()) return replay(sim, o.replay);
  if (!o.allow_remote && !is_loopback(o.listen)) {
    std::cerr << "error: refusing to listen on " << o.listen << " (not loopback or a unix socket); pass --allow-remote to override\n";
    return 2;
  }
  Service service(sim, o);
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(o.listen, grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&service);
  builder.SetMaxReceiveMessageSize(256 << 20);
  // accept the next batches while this one simulates: an HTTP/2 stream window far above the 64 KB default
  // (a batch of 16384 commands is about 300 KB on the wire)
  builder.AddChannelArgument(GRPC_ARG_HTTP2_STREAM_LOOKAHEAD_BYTES, 64 << 20);
  builder.SetMaxSendMessageSize(256 << 20);
  auto server = builder.BuildAndStart();
  if (!server) { std::cerr << "error: cannot listen on " << o.listen << "\n"; return 2; }
  std::string addr = o.listen.rfind("unix:", 0) == 0 ? o.listen : o.listen.substr(0, o.listen.rfind(':')) + ":" + std::to_string(port);
  std::printf("READY %s\n", addr.c_str());
  std::fflush(stdout);
  // exit when stdin closes (the owning client died or closed it) or on Shutdown
  std::thread watcher([&] {
    char b[256];
    while (std::fread(b, 1, sizeof b, stdin) > 0) {}
    server->Shutdown(std::chrono::system_clock::now() + std::chrono::milliseconds(200));
  });
  std::thread stopper([&] {
    while (!service.shutdown_requested_) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    server->Shutdown(std::chrono::system_clock::now() + std::chrono::milliseconds(200));
  });
  server->Wait();
  std::_Exit(0);  // the watcher thread may still block on stdin
}
