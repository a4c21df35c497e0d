# -*- encoding: utf-8 -*-
Gem::Specification.new do |spec|
  spec.name = 'async'
  spec.version = '1.25.0'.freeze
  spec.summary = "An awesome asynchronous event-driven reactor".freeze
  spec.license = "MIT"
  spec.required_ruby_version = ">= 2.5"
end
