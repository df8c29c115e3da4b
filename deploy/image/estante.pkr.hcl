# Packer template: an Amazon Linux 2023 image with estante-server and its systemd
# unit installed but not enabled; the launch template's user data writes the
# environment file and starts it. Build with:
#   packer init deploy/image && packer build -var binary=target/release/estante-server deploy/image
# NOTE: this file has not been built in the test suite, which has no Packer.

packer {
  required_plugins {
    amazon = {
      source  = "github.com/hashicorp/amazon"
      version = ">= 1.3.0"
    }
  }
}

variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "binary" {
  type        = string
  description = "Path of the x86_64 estante-server release binary to install."
}

source "amazon-ebs" "al2023" {
  region        = var.region
  instance_type = "t3.small"
  ssh_username  = "ec2-user"
  ami_name      = "estante-al2023-{{timestamp}}"
  imds_support  = "v2.0"

  source_ami_filter {
    filters = {
      name                = "al2023-ami-2023.*-kernel-*-x86_64"
      architecture        = "x86_64"
      virtualization-type = "hvm"
    }
    owners      = ["amazon"]
    most_recent = true
  }

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }
}

build {
  sources = ["source.amazon-ebs.al2023"]

  provisioner "file" {
    source      = var.binary
    destination = "/tmp/estante-server"
  }

  provisioner "file" {
    source      = "${path.root}/../systemd/estante-server.service"
    destination = "/tmp/estante-server.service"
  }

  provisioner "file" {
    source      = "${path.root}/../systemd/estante-worker.service"
    destination = "/tmp/estante-worker.service"
  }

  provisioner "shell" {
    inline = [
      "sudo dnf -y update",
      "sudo dnf -y install amazon-cloudwatch-agent",
      "sudo useradd --system --home-dir /var/lib/estante --shell /sbin/nologin estante",
      "sudo install -d -o estante -g estante -m 0750 /var/lib/estante",
      "sudo install -d -m 0700 /etc/estante",
      "sudo install -m 0755 /tmp/estante-server /usr/local/libexec/estante-server",
      "sudo install -m 0644 /tmp/estante-server.service /etc/systemd/system/estante-server.service",
      "sudo install -m 0644 /tmp/estante-worker.service /etc/systemd/system/estante-worker.service",
      "sudo systemctl daemon-reload",
    ]
  }
}
