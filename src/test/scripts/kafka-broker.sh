#!/usr/bin/env bash
# Runs one single-node KRaft Kafka broker (broker and controller in one process) as `kafka.Kafka`, from the Kafka
# server artifacts on a classpath: the fault-injection suite's real broker process.
#
#   KAFKA_CLASSPATH=... kafka-broker.sh DIR PORT CONTROLLER_PORT
#
# DIR holds server.properties and the log directory. The first run writes the configuration and formats the storage;
# a later run on the same DIR restarts the same broker with its data (a broker restart). The script execs the JVM,
# so its process id is the broker's: SIGTERM stops it cleanly, SIGKILL kills it. JAVA (default: java on the PATH) and
# KAFKA_HEAP (default 512m) may be set.
set -euo pipefail

if [[ $# -ne 3 ]]; then
    echo "usage: KAFKA_CLASSPATH=... $0 DIR PORT CONTROLLER_PORT" >&2
    exit 2
fi
dir=$1
port=$2
controller_port=$3
java=${JAVA:-java}
heap=${KAFKA_HEAP:-512m}
: "${KAFKA_CLASSPATH:?set KAFKA_CLASSPATH to the kafka_2.13 server artifacts and their dependencies}"

mkdir -p "$dir"
config=$dir/server.properties
if [[ ! -f $config ]]; then
    cat > "$config" <<PROPERTIES
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$dir/data
num.partitions=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=4
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
log.retention.ms=-1
PROPERTIES
fi

if [[ ! -f $dir/data/meta.properties ]]; then
    # A fixed cluster id: every broker of the suite is a fresh single-node cluster.
    "$java" -Xmx256m -cp "$KAFKA_CLASSPATH" kafka.tools.StorageTool format \
        --cluster-id MkU3OEVBNTcwNTJENDM2Qg --config "$config" --ignore-formatted
fi

exec "$java" -Xmx"$heap" -Xms"$heap" -cp "$KAFKA_CLASSPATH" kafka.Kafka "$config"
