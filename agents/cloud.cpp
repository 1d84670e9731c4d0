#include "agents/cloud.hpp"

#include <simgrid/s4u.hpp>

namespace vsm::agents {

void Cloud::operator()() {
  auto* inbox = simgrid::s4u::Mailbox::by_name(kCloudMailbox);
  for (;;) {
    auto report = inbox->get_unique<RoundReport>();
    ++reports_;
    megabytes_ += report->megabytes;
  }
}

}  // namespace vsm::agents
