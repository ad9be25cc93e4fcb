#include <cxxabi.h>

#include <cstdlib>
#include <memory>
#include <typeinfo>

#include "slipway/json.h"
#include "slipway/lambda.h"

namespace slipway::lambda {

std::string error_type(const std::exception& e) {
  if (const auto* task = dynamic_cast<const TaskError*>(&e)) return task->type();
  if (dynamic_cast<const PayloadError*>(&e)) return "MalformedEvent";
  int status = 0;
  std::unique_ptr<char, void (*)(void*)> name(abi::__cxa_demangle(typeid(e).name(), nullptr, nullptr, &status),
                                              std::free);
  return status == 0 && name ? std::string(name.get()) : std::string(typeid(e).name());
}

}  // namespace slipway::lambda
