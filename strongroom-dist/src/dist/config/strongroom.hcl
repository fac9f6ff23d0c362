# Strongroom ${project.version}: a production configuration (Vault's HCL; every key is explained in the operator's
# manual, docs/manual.md, "The production configuration line by line"). Replace each value marked CHANGE.
#
# Start:   strongroom server -config=/etc/strongroom/strongroom.hcl
# Check:   strongroom operator diagnose -config=/etc/strongroom/strongroom.hcl   (seal settings, KMS probe)

# Where the encrypted data lives. Everything in it is encrypted by the barrier; the folder is created 0700 and
# the server refuses one that other users can read. Back it up together with a note of the KMS key (manual: Backup).
storage "file" {
  path = "/var/lib/strongroom/data"
}

# The HTTPS listener. The key file must be readable by the strongroom user only (0600); SIGHUP reloads both files.
listener "tcp" {
  address       = "0.0.0.0:8200"                          # CHANGE to the interface clients use
  tls_cert_file = "/etc/strongroom/tls/strongroom.crt"    # PEM: the server certificate, then intermediates
  tls_key_file  = "/etc/strongroom/tls/strongroom.key"    # PEM: PKCS#8, PKCS#1 or SEC1
  tls_min_version = "tls12"

  # Prometheus may scrape /v1/sys/metrics on this listener without a token
  telemetry {
    unauthenticated_metrics_access = false
  }
}

# Auto-unseal through AWS KMS: the root key is encrypted by this KMS key, so the server unseals itself at every
# start. Credentials come from the standard AWS chain (instance profile, web identity, environment); no secret
# belongs in this file. The IAM policy the key and the role need: manual, "IAM policies for the seal".
seal "awskms" {
  region     = "eu-west-1"                                # CHANGE
  kms_key_id = "alias/strongroom-seal"                    # CHANGE: key id, key ARN, alias name or alias ARN
  # endpoint = "https://vpce-0123456789abcdef0-abcdefgh.kms.eu-west-1.vpce.amazonaws.com"   # KMS via a VPC endpoint
}

# The address clients are told to use (redirects, the CLI's hints): the name on the TLS certificate.
api_addr     = "https://strongroom.example.internal:8200" # CHANGE
cluster_name = "strongroom-prod"

# Metrics: Prometheus text at /v1/sys/metrics?format=prometheus, kept for 24 hours.
telemetry {
  prometheus_retention_time = "24h"
  disable_hostname          = true
}

log_level  = "info"
log_format = "json"     # one JSON object per line, for the journal or a log shipper
