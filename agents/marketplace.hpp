#pragma once
// Competing servers (market.competition: best_offer). Every server offers to every vehicle
// inside its coverage radius, whichever server's radio the vehicle uses; a vehicle heard by
// several takes the offer worth most to it (Vehicle::value_of), and only the winner's offer is
// then exchanged on the air. Ties go to the server whose radio it uses, then to the lower
// index. A vehicle with a deal under way (sensing or uploading) is nobody's candidate.
//
// The servers whose rounds fall due at the same instant decide together: each posts what its
// menus are worth to each of its candidates, and waits, at that instant, until all of them have
// posted (actors take turns, so yielding lets the others post). The last to post settles every
// vehicle's winner. A server still busy with an earlier round is not due and does not take part;
// one whose round ends at the very instant of the next arrives after the others have settled
// and gets only the vehicles none of them offered to. Every server expects its first round
// before the engine starts, so that no server settles round 0 alone.

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace vsm::agents {

class RadioAccess;

class Marketplace {
 public:
  Marketplace(std::size_t servers, std::size_t vehicles, const RadioAccess& access);

  // Server `server` sleeps until its round due at `due`; withdraw() when it will not open it.
  void expect(std::size_t server, double due);
  void withdraw(std::size_t server);

  // What server `server`'s offer is worth to each candidate it made one (nothing: it would
  // decline). Then waits until every server due now has posted.
  using Values = std::vector<std::pair<std::size_t, std::optional<double>>>;
  void post_and_wait(std::size_t server, double now, const Values& values);
  // Once post_and_wait has returned: the server whose offer `vehicle` takes now (-1: none).
  std::int64_t winner(std::size_t vehicle) const { return winner_[vehicle]; }
  // How many servers offered to `vehicle` now.
  std::int64_t offers(std::size_t vehicle) const { return offers_[vehicle]; }

  bool dealing(std::size_t vehicle) const { return dealing_[vehicle]; }
  void set_dealing(std::size_t vehicle, bool dealing) { dealing_[vehicle] = dealing; }

 private:
  bool still_due(double now) const;  // a server due `now` has not posted yet
  void settle();

  const RadioAccess& access_;
  std::vector<double> due_;  // per server: the round it waits for (NaN: none)
  double posting_at_ = -1;   // the instant whose posts are being collected
  double settled_at_ = -1;   // the last instant whose winners are known
  struct Post {
    std::size_t server;
    std::optional<double> value;
  };
  std::vector<std::vector<Post>> posts_;  // per vehicle, the instant's offers
  std::vector<std::size_t> posted_vehicles_;
  std::vector<std::int64_t> winner_, offers_;
  std::vector<bool> dealing_;
};

}  // namespace vsm::agents
