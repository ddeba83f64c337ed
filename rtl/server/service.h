// The gRPC service of the RTL server (bridge/proto/cosim.proto) over the Verilated pseudo-channel models: what each
// wire message does, apart from the transport, so that the server (main.cpp) and the wire fuzzer (wire_fuzz.cpp)
// share it.
#pragma once
#include <grpcpp/grpcpp.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "cosim.grpc.pb.h"
#include "sim.h"

namespace hwmodel_rtl {

using namespace hwmodel::cosim;

static constexpr uint32_t kProtocolVersion = PROTOCOL_VERSION_CURRENT;

struct Options {
  std::string listen = "127.0.0.1:0";
  bool allow_remote = false;
  std::string vcd;
  std::string coverage;  // Verilator coverage data written at exit (a build with coverage)
  uint32_t vcd_pc = 0;
  uint64_t vcd_from = 0, vcd_to = UINT64_MAX;
  std::string replay;
  long hang_after = -1;  // test hook: stop answering after this many commands
};

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
      sim_.configure(rules, org, req->keep_instances());
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
    try {
      for (int i = 0; i < n; i++)
        sim_.preload(req->pseudo_channel(i), req->bank(i), req->row(i), req->column(i),
                     reinterpret_cast<const uint8_t*>(req->data().data()) + 32 * i);
    } catch (const std::exception& e) {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, e.what());
    }
    rep->set_bursts(n);
    return grpc::Status::OK;
  }

  grpc::Status Stream(grpc::ServerContext* ctx, grpc::ServerReaderWriter<ResultBatch, CommandBatch>* stream) override {
    CommandBatch in;
    uint64_t index = 0;
    while (stream->Read(&in)) {
      ResultBatch out;
      bool ok = Process(in, out, index);
      if (!stream->Write(out) || !ok || ctx->IsCancelled()) break;
    }
    return grpc::Status::OK;
  }

  // Simulates one batch into its result; false when the batch was malformed or a command failed (out's error says
  // why). The stream's handling of a batch, apart from the transport, so that a fuzzer can drive it.
  bool Process(const CommandBatch& in, ResultBatch& out, uint64_t& index) {
    out.set_id(in.id());
    int n = in.cycle_size();
    if (in.word_size() != n || in.row_size() != n) {
      out.set_error("batch " + std::to_string(in.id()) + ": cycle, word and row arrays differ in length");
      return false;
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
            out.set_error("batch " + std::to_string(in.id()) + ": command " + std::to_string(i) +
                          " needs 32 bytes of write data");
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
    return out.error().empty();
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

}  // namespace hwmodel_rtl
