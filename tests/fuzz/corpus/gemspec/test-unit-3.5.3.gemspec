# -*- encoding: utf-8 -*-
# stub: test-unit 3.5.3 ruby lib

Gem::Specification.new do |s|
  s.name = "test-unit".freeze
  s.version = "3.5.3"
  s.licenses = ["Ruby".freeze, "BSDL".freeze, "PSFL".freeze]
  s.summary = "An xUnit family unit testing framework for Ruby.".freeze
end
