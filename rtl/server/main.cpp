// HwModel RTL server: the Verilated pseudo-channel models behind the gRPC service of bridge/proto/cosim.proto.
// Prints "READY <address>" when listening; exits when its standard input closes (so a killed client leaves no
// orphan). Listens on loopback or a unix socket only, unless --allow-remote is given.
#include <grpcpp/grpcpp.h>

#include <csignal>
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

#include "service.h"

using namespace hwmodel::cosim;

namespace {

using namespace hwmodel_rtl;

bool is_loopback(const std::string& a) {
  return a.rfind("unix:", 0) == 0 || a.rfind("127.", 0) == 0 || a.rfind("localhost:", 0) == 0 || a.rfind("[::1]:", 0) == 0;
}

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
    else if (a == "--coverage") o.coverage = next();
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
                   "--vcd-pc N] [--replay FILE] [--coverage FILE.dat]\n";
      return 0;
    } else { std::cerr << "error: unknown argument " << a << "\n"; return 2; }
  }
  // Ctrl-C reaches the whole process group: the client stops this server (by closing stdin) after it has written
  // what it computed, so the waveform is closed cleanly instead of cut off
  std::signal(SIGINT, SIG_IGN);
  Simulator sim;
  if (!o.coverage.empty() && !Simulator::has_coverage()) {
    std::cerr << "error: --coverage: this server was built without Verilator coverage\n";
    return 2;
  }
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
  sim.finish_vcd();
  if (!o.coverage.empty()) sim.write_coverage(o.coverage);
  std::_Exit(0);  // the watcher thread may still block on stdin
}
