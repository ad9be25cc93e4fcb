#include <gtest/gtest.h>

#include "base/diagnostic.h"

TEST(Diagnostics, DidYouMean) {
  EXPECT_EQ(slipway::base::did_you_mean("handlr", {"handler", "rules"}), "did you mean 'handler'?");
  EXPECT_EQ(slipway::base::did_you_mean("zzz", {"handler", "rules"}), "");
}
