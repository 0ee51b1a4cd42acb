# Sourced by the test servers' scripts (mailstack.sh, courier.sh, cyrus.sh): the certificate
# they present, in the shapes hosting servers carry. Needs $dir, $CERT_NAME.
# The certificate the servers present, in one of the shapes hosting servers carry
# (CERT_SHAPE):
#   ca                  a private CA (tls/ca.crt) signed the server's certificate (default)
#   self-signed         `openssl req -x509`, the set-up guides' command: self-signed, CA:TRUE
#   snakeoil            self-signed, CA:FALSE (Debian's ssl-cert)
#   chain               CA → intermediate → server, the intermediate sent along
#   chain-incomplete    the same, the intermediate not sent (tls/intermediate.crt holds it)
#   expired             self-signed, CA:TRUE, ended 2025-01-01
# tls/server.crt is the server's own certificate (what operators pin), tls/served.crt what the
# servers send, tls/ca.crt what an operator gives as POSTERN_TLS_CA (for a self-signed
# certificate: the certificate itself).
write_certificates() {
  local shape=$1 t="$dir/tls"
  local san="subjectAltName=DNS:$CERT_NAME,DNS:localhost"
  rm -f "$t"/*.crt "$t"/*.key "$t"/*.csr "$t"/*.srl "$t"/*.pem "$t"/index.txt* "$t"/serial*
  # openssl's output goes to a log, shown if a step fails.
  openssl() { command openssl "$@" >>"$t/openssl.log" 2>&1 || { cat "$t/openssl.log" >&2; return 1; }; }
  : >"$t/openssl.log"
  case "$shape" in
    ca|chain|chain-incomplete)
      openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=Postern test CA" \
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
        -keyout "$t/ca.key" -out "$t/ca.crt"
      local issuer=ca
      if [ "$shape" != ca ]; then
        openssl req -newkey rsa:2048 -nodes -subj "/CN=Postern test intermediate CA" \
          -keyout "$t/intermediate.key" -out "$t/intermediate.csr"
        printf 'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\n' >"$t/intermediate.ext"
        openssl x509 -req -in "$t/intermediate.csr" -CA "$t/ca.crt" -CAkey "$t/ca.key" \
          -CAcreateserial -days 3650 -extfile "$t/intermediate.ext" -out "$t/intermediate.crt"
        issuer=intermediate
      fi
      openssl req -newkey rsa:2048 -nodes -subj "/CN=$CERT_NAME" \
        -keyout "$t/server.key" -out "$t/server.csr"
      printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n%s\n' "$san" >"$t/server.ext"
      openssl x509 -req -in "$t/server.csr" -CA "$t/$issuer.crt" -CAkey "$t/$issuer.key" \
        -CAcreateserial -days 3650 -extfile "$t/server.ext" -out "$t/server.crt"
      cp "$t/server.crt" "$t/served.crt"
      [ "$shape" = chain ] && cat "$t/intermediate.crt" >>"$t/served.crt"
      ;;
    self-signed|snakeoil)
      local constraints="basicConstraints=critical,CA:TRUE"
      [ "$shape" = snakeoil ] && constraints="basicConstraints=CA:FALSE"
      openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=$CERT_NAME" \
        -addext "$constraints" -addext "$san" \
        -keyout "$t/server.key" -out "$t/server.crt"
      cp "$t/server.crt" "$t/served.crt"
      cp "$t/server.crt" "$t/ca.crt"
      ;;
    expired)
      openssl req -new -newkey rsa:2048 -nodes -subj "/CN=$CERT_NAME" \
        -keyout "$t/server.key" -out "$t/server.csr"
      : >"$t/index.txt"
      echo 01 >"$t/serial"
      cat >"$t/expired.cnf" <<CNF
[ca]
default_ca = expired
[expired]
database = $t/index.txt
new_certs_dir = $t
serial = $t/serial
default_md = sha256
policy = any_name
x509_extensions = server
[any_name]
commonName = supplied
[server]
basicConstraints = critical,CA:TRUE
$san
CNF
      openssl ca -batch -notext -config "$t/expired.cnf" -selfsign -keyfile "$t/server.key" \
        -in "$t/server.csr" -startdate 20240101000000Z -enddate 20250101000000Z \
        -out "$t/server.crt"
      cp "$t/server.crt" "$t/served.crt"
      cp "$t/server.crt" "$t/ca.crt"
      ;;
    *)
      echo "mailstack: unknown CERT_SHAPE $shape" >&2
      return 2
      ;;
  esac
  [ -s "$t/server.crt" ] || { echo "mailstack: could not make the $shape certificate" >&2; return 1; }
  # The shape is what it says: CA:TRUE where the set-up guides' command makes it.
  local want="CA:FALSE"
  case "$shape" in self-signed|expired) want="CA:TRUE" ;; esac
  command openssl x509 -in "$t/server.crt" -noout -ext basicConstraints | grep -q "$want" \
    || { echo "mailstack: the $shape certificate is not $want" >&2; return 1; }
  echo "$shape" >"$t/shape"
  unset -f openssl
  chmod 644 "$t"/*.crt
  chmod 600 "$t"/*.key
}
